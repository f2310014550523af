package metric

import (
	"math"
	"slices"
	"testing"
)

// biouOf computes biou_bin, biou_mean and biou_max of one pair.
func biouOf(gt, pred []uint8, width, height int) (bin, mean, maximum float64) {
	var ws Workspace
	s, err := ParseSet("biou")
	if err != nil {
		panic(err)
	}
	v := ws.Compute(gt, toPred(pred), width, height, s).Values(s)
	return v[0], v[1], v[2]
}

func TestBIoUDiscVsBlob(t *testing.T) {
	gt := buildMask(handWidth, handHeight, diskGT)
	pred := buildMask(handWidth, handHeight, blobPred)
	_, mean, maximum := biouOf(gt, pred, handWidth, handHeight)
	// BiRefNet's evaluator (BIoUMeasure), per-image mean and max of the
	// 256-point curve.
	checkValue(t, "biou_mean", mean, 0.07121119434077786, 1e-15)
	checkValue(t, "biou_max", maximum, 0.31952662721893493, 1e-15)
}

func TestBIoUHandValues(t *testing.T) {
	// A 4×4 square in an 8×8 image, d = max(1, round(0.02·√128)) = 1: its
	// boundary is the 12-pixel ring.
	square := func(i, j int) int { return 255 * b2i(i >= 2 && i < 6 && j >= 2 && j < 6) }
	tests := []struct {
		name               string
		gt, pred           func(i, j int) int
		bin, mean, maximum float64
	}{
		// A binary prediction equal to the GT: IoU_t = 1 for t ≥ 1, and at
		// t = 0 every pixel is selected, 12/64.
		{name: "square vs itself", gt: square, pred: square, bin: 1, mean: (255 + 12.0/64) / 256, maximum: 1},
		// Shifted one column right: the rings share 6 pixels of 18.
		{name: "square vs shifted square", gt: square,
			pred: func(i, j int) int { return square(i, j-1) }, bin: 6.0 / 18, mean: (255*6.0/18 + 12.0/64) / 256, maximum: 6.0 / 18},
		// Empty GT and prediction: both boundaries are empty, and a zero
		// denominator gives 0.
		{name: "empty vs empty", gt: constant(0), pred: constant(0), bin: 0, mean: 0, maximum: 0},
		// A full GT has its boundary on the image border (28 pixels), and so
		// has the constant prediction 255, which is not stretched.
		{name: "full vs full", gt: constant(255), pred: constant(255), bin: 1, mean: (255 + 28.0/64) / 256, maximum: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gt := buildMask(8, 8, tt.gt)
			pred := buildMask(8, 8, tt.pred)
			bin, mean, maximum := biouOf(gt, pred, 8, 8)
			checkValue(t, "biou_bin", bin, tt.bin, 1e-15)
			checkValue(t, "biou_mean", mean, tt.mean, 1e-15)
			checkValue(t, "biou_max", maximum, tt.maximum, 1e-15)
		})
	}
}

func TestBIoUWidth(t *testing.T) {
	tests := []struct{ width, height, want int }{
		{3, 3, 1},
		{64, 48, 2},      // round(1.6)
		{1024, 1024, 29}, // round(28.96)
	}
	for _, tt := range tests {
		if got := biouWidth(tt.width, tt.height); got != tt.want {
			t.Errorf("biouWidth(%d, %d) = %d, want %d", tt.width, tt.height, got, tt.want)
		}
	}
}

func TestWindowMin(t *testing.T) {
	src := []uint8{5, 3, 8, 1, 9, 7, 2, 6}
	scratch := make([]uint8, 2*len(src))
	tests := []struct {
		d    int
		want []uint8
	}{
		{1, []uint8{0, 3, 1, 1, 1, 2, 2, 0}},
		{2, []uint8{0, 0, 1, 1, 1, 1, 0, 0}},
		{3, []uint8{0, 0, 0, 1, 1, 0, 0, 0}},
		{4, []uint8{0, 0, 0, 0, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		got := slices.Clone(src)
		windowMin(got, scratch[:len(src)], scratch[len(src):], tt.d)
		if !slices.Equal(got, tt.want) {
			t.Errorf("windowMin(d=%d) = %v, want %v", tt.d, got, tt.want)
		}
	}
}

func TestMinFilterMatchesBruteForce(t *testing.T) {
	width, height := 13, 9
	img := buildMask(width, height, func(i, j int) int { return (37*i + 11*j + i*j) % 251 })
	for d := 1; d <= 5; d++ {
		want := make([]uint8, len(img))
		for y := range height {
			for x := range width {
				if y < d || y+d >= height || x < d || x+d >= width {
					continue
				}
				m := uint8(255)
				for yy := y - d; yy <= y+d; yy++ {
					for xx := x - d; xx <= x+d; xx++ {
						m = min(m, img[yy*width+xx])
					}
				}
				want[y*width+x] = m
			}
		}
		var bb biouBuffers
		got := slices.Clone(img)
		bb.minFilter(got, width, height, d)
		if !slices.Equal(got, want) {
			t.Errorf("d=%d: minFilter = %v, want %v", d, got, want)
		}
	}
}

func TestAccumulatorBIoU(t *testing.T) {
	s, err := ParseSet("biou")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace
	acc := NewAccumulator(s)
	var curves [2][256]float64
	preds := []func(i, j int) int{blobPred, constant(128)}
	for k, f := range preds {
		gt := buildMask(handWidth, handHeight, diskGT)
		img := ws.Compute(gt, toPred(buildMask(handWidth, handHeight, f)), handWidth, handHeight, s)
		img.biou.curve(&curves[k])
		acc.Add(img)
	}
	d := acc.Result()
	mean := curveByKey(t, d, "biou")
	var want [256]float64
	for i := range want {
		want[i] = (curves[0][i] + curves[1][i]) / 2
		checkValue(t, "biou curve", mean[i], want[i], 1e-15)
	}
	checkValue(t, "biou_mean", scalarByKey(t, d, "biou_mean"), curveMean(&want), 1e-15)
	checkValue(t, "biou_max", scalarByKey(t, d, "biou_max"), curveMax(&want), 1e-15)
	if v := scalarByKey(t, d, "biou_bin"); math.IsNaN(v) || v < 0 || v > 1 {
		t.Errorf("biou_bin = %v, want a value in [0, 1]", v)
	}
}
