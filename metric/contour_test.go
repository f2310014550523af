package metric

import (
	"slices"
	"testing"
)

func TestFindContours(t *testing.T) {
	// Expected contours, in order, with their start points and directions:
	// OpenCV 4.6.0 cv2.findContours(mask, RETR_TREE, CHAIN_APPROX_NONE).
	tests := []struct {
		name string
		in   []string
		want [][]point
	}{
		{"bar", []string{"........", ".######.", ".######.", ".######.", "........"},
			[][]point{{{1, 1}, {1, 2}, {1, 3}, {2, 3}, {3, 3}, {4, 3}, {5, 3}, {6, 3}, {6, 2}, {6, 1}, {5, 1}, {4, 1}, {3, 1}, {2, 1}}}},
		{"ring with a dot inside", []string{".#####.", ".#...#.", ".#.#.#.", ".#...#.", ".#####."},
			[][]point{
				{{1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {2, 4}, {3, 4}, {4, 4}, {5, 4}, {5, 3}, {5, 2}, {5, 1}, {5, 0}, {4, 0}, {3, 0}, {2, 0}},
				{{1, 1}, {2, 0}, {3, 0}, {4, 0}, {5, 1}, {5, 2}, {5, 3}, {4, 4}, {3, 4}, {2, 4}, {1, 3}, {1, 2}},
				{{3, 2}},
			}},
		{"separate blobs", []string{"##..#", "##...", ".....", "#..##", "...##"},
			[][]point{{{3, 3}, {3, 4}, {4, 4}, {4, 3}}, {{0, 3}}, {{4, 0}}, {{0, 0}, {0, 1}, {1, 1}, {1, 0}}}},
		{"cross", []string{"..#..", "..#..", "#####", "..#..", "..#.."},
			[][]point{{{2, 0}, {2, 1}, {1, 2}, {0, 2}, {1, 2}, {2, 3}, {2, 4}, {2, 3}, {3, 2}, {4, 2}, {3, 2}, {2, 1}}}},
		{"empty", []string{"...", "..."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mask, width, height := parseMask(tt.in)
			var cs contourSet
			cs.find(mask, width, height)
			var got [][]point
			for _, k := range cs.order {
				got = append(got, slices.Clone(cs.contour(k)))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d contours %v, want %d %v", len(got), got, len(tt.want), tt.want)
			}
			for k := range got {
				if !slices.Equal(got[k], tt.want[k]) {
					t.Errorf("contour %d = %v, want %v", k, got[k], tt.want[k])
				}
			}
		})
	}
}
