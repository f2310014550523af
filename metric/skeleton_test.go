package metric

import (
	"strings"
	"testing"
)

// parseMask turns rows of '#' (foreground) and '.' into a 0/1 mask.
func parseMask(rows []string) (mask []uint8, width, height int) {
	width, height = len(rows[0]), len(rows)
	for _, r := range rows {
		for _, c := range r {
			mask = append(mask, uint8(b2i(c == '#')))
		}
	}
	return mask, width, height
}

func formatMask(mask []uint8, width int) string {
	var b strings.Builder
	for i, v := range mask {
		if i > 0 && i%width == 0 {
			b.WriteByte('/')
		}
		b.WriteByte(".#"[v])
	}
	return b.String()
}

func TestSkeletonize(t *testing.T) {
	// Expected skeletons: scikit-image 0.19.3 skeletonize on the same masks.
	tests := []struct {
		name     string
		in, want []string
	}{
		{"bar", []string{"........", ".######.", ".######.", ".######.", "........"},
			[]string{"........", ".....#..", ".####...", "........", "........"}},
		{"ring", []string{".#####.", ".#...#.", ".#.#.#.", ".#...#.", ".#####."},
			[]string{"..###..", ".#...#.", ".#.#.#.", ".#...#.", "..###.."}},
		{"blobs", []string{"##..#", "##...", ".....", "#..##", "...##"},
			[]string{"##..#", ".....", ".....", "#..##", "....."}},
		{"cross", []string{"..#..", "..#..", "#####", "..#..", "..#.."},
			[]string{"..#..", "..#..", "#####", "..#..", "..#.."}},
		{"empty", []string{"...", "..."}, []string{"...", "..."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, width, height := parseMask(tt.in)
			want, _, _ := parseMask(tt.want)
			var sb skeletonBuffers
			got := make([]uint8, len(in))
			sb.skeletonize(got, in, width, height)
			if g, w := formatMask(got, width), formatMask(want, width); g != w {
				t.Errorf("skeleton = %s, want %s", g, w)
			}
		})
	}
}

func TestSkeletonTable(t *testing.T) {
	// Spot checks against scikit-image 0.19.3's table.
	tests := []struct {
		code int
		want uint8
	}{
		{0, 0}, {255, 0},
		{nbNW | nbN, removeFirst},                     // Zhang–Suen gives both
		{nbN | nbE, removeFirst | removeSecond},       // Zhang–Suen gives neither (A = 2)
		{nbSE | nbS, 0},                               // Zhang–Suen gives both
		{nbN | nbNE | nbE | nbSE | nbS, removeSecond}, // from the conditions
		{nbS | nbSW | nbW | nbNW | nbN, removeFirst},  // from the conditions
	}
	for _, tt := range tests {
		if got := skeletonTable[tt.code]; got != tt.want {
			t.Errorf("skeletonTable[%d] = %d, want %d", tt.code, got, tt.want)
		}
	}
}
