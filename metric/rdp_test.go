package metric

import "testing"

func TestApproxPolyCount(t *testing.T) {
	// Expected counts: OpenCV 4.6.0 len(cv2.approxPolyDP(curve, 2.0, False)).
	tests := []struct {
		name  string
		curve []point
		want  int
	}{
		{"one point", []point{{5, 5}}, 1},
		{"two points", []point{{1, 2}, {3, 4}}, 2},
		{"diagonal line", []point{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}}, 2},
		{"gentle staircase", []point{{0, 0}, {1, 0}, {2, 0}, {3, 1}, {4, 2}, {5, 2}, {6, 2}, {7, 3}}, 2},
		{"U shape", []point{{0, 0}, {0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 3}, {4, 2}, {4, 1}, {4, 0}, {3, 0}}, 3},
		{"zigzag with a peak", []point{{0, 0}, {2, 1}, {4, 0}, {6, 1}, {8, 0}, {10, 5}, {12, 0}}, 4},
	}
	var rb rdpBuffers
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rb.approxPolyCount(tt.curve, hceEpsilon); got != tt.want {
				t.Errorf("approxPolyCount = %d, want %d", got, tt.want)
			}
		})
	}
}
