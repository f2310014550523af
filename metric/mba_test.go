package metric

import (
	"math"
	"slices"
	"testing"
)

// mbaOf computes the mBA of one pair.
func mbaOf(gt, pred []uint8, width, height int) float64 {
	var ws Workspace
	s, err := ParseSet("mba")
	if err != nil {
		panic(err)
	}
	return ws.Compute(gt, toPred(pred), width, height, s).Values(s)[0]
}

func TestMBAHandValues(t *testing.T) {
	tests := []struct {
		name          string
		width, height int
		gt, pred      func(i, j int) int
		want          float64
	}{
		// BiRefNet's evaluator (MBAMeasure) on the disc GT and the blob
		// prediction, 48×64.
		{name: "disc vs blob", width: handWidth, height: handHeight, gt: diskGT, pred: blobPred, want: 0.5606060606060606},
		{name: "disc vs itself", width: handWidth, height: handHeight, gt: diskGT, pred: diskGT, want: 1},
		{name: "disc vs inverse", width: handWidth, height: handHeight, gt: diskGT,
			pred: func(i, j int) int { return 255 - diskGT(i, j) }, want: 0},
		// Left half foreground: the boundary of the cross is columns 1 and 2,
		// and an all-foreground prediction is right on column 1 only.
		{name: "half GT vs constant 255", width: 4, height: 4,
			gt: func(i, j int) int { return 255 * b2i(j < 2) }, pred: constant(255), want: 0.5},
		// 128 is background for P > 128, so column 2 is right.
		{name: "half GT vs constant 128", width: 4, height: 4,
			gt: func(i, j int) int { return 255 * b2i(j < 2) }, pred: constant(128), want: 0.5},
		{name: "half GT vs 129 on column 1", width: 4, height: 4,
			gt: func(i, j int) int { return 255 * b2i(j < 2) }, pred: func(i, j int) int { return 129 * b2i(j == 1) }, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gt := buildMask(tt.width, tt.height, tt.gt)
			pred := buildMask(tt.width, tt.height, tt.pred)
			checkValue(t, "mba", mbaOf(gt, pred, tt.width, tt.height), tt.want, 1e-15)
		})
	}
}

func TestMBAEmptyBoundaryIsNaN(t *testing.T) {
	for _, v := range []int{0, 255} {
		gt := buildMask(8, 8, constant(v))
		pred := buildMask(8, 8, blobPred)
		if got := mbaOf(gt, pred, 8, 8); !math.IsNaN(got) {
			t.Errorf("GT constant %d: mba = %v, want NaN", v, got)
		}
	}
}

func TestEllipseHalfWidths(t *testing.T) {
	// Row half widths of OpenCV 4.6.0
	// cv2.getStructuringElement(MORPH_ELLIPSE, (2r+1, 2r+1)).
	tests := []struct {
		r    int
		want []int
	}{
		{1, []int{0, 1, 0}},
		{2, []int{0, 2, 2, 2, 0}},
		{3, []int{0, 2, 3, 3, 3, 2, 0}},
		{4, []int{0, 3, 3, 4, 4, 4, 3, 3, 0}},
	}
	for _, tt := range tests {
		if got := ellipseHalfWidths(tt.r); !slices.Equal(got, tt.want) {
			t.Errorf("ellipseHalfWidths(%d) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestMBARadii(t *testing.T) {
	tests := []struct {
		width, height int
		want          [mbaSteps]int
	}{
		{64, 48, [mbaSteps]int{1, 1, 1, 1, 1}},
		{400, 267, [mbaSteps]int{1, 1, 1, 1, 1}},
		{1024, 1024, [mbaSteps]int{1, 2, 3, 4, 5}},
		{2048, 1536, [mbaSteps]int{1, 3, 5, 7, 9}},
	}
	for _, tt := range tests {
		if got := mbaRadii(tt.width, tt.height); got != tt.want {
			t.Errorf("mbaRadii(%d, %d) = %v, want %v", tt.width, tt.height, got, tt.want)
		}
	}
}
