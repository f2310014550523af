package imgio

import (
	"math"
	"path/filepath"
	"testing"
)

func TestResizeLinearIdentityCopies(t *testing.T) {
	src := &Mask{Width: 3, Height: 2, Pix: []uint8{1, 2, 3, 4, 5, 6}}
	got := ResizeLinear(src, 3, 2)
	checkMask(t, got, 3, 2, []uint8{1, 2, 3, 4, 5, 6})
	got.Pix[0] = 99
	if src.Pix[0] != 1 {
		t.Error("the result shares pixel memory with the source")
	}
}

func TestResizeLinearHalvesByAreaMean(t *testing.T) {
	// Each output is (a + b + c + d + 2) >> 2 of its 2×2 block: the sums
	// 10, 18, 2 and 1018 give 3, 5, 1 and 255.
	src := &Mask{Width: 8, Height: 2, Pix: []uint8{
		0, 1, 2, 3, 1, 0, 255, 254,
		4, 5, 6, 7, 0, 1, 254, 255,
	}}
	checkMask(t, ResizeLinear(src, 4, 1), 4, 1, []uint8{3, 5, 1, 255})
}

// TestResizeLinearHandChecked follows OpenCV's fixed-point steps by hand.
func TestResizeLinearHandChecked(t *testing.T) {
	t.Run("row 0 255 to 3", func(t *testing.T) {
		// scale = 2/3. Output 0: f = −1/6 is clamped to source 0. Output 1:
		// f = 0.5, weights 1024 and 1024, sum 255·1024 = 261120; the
		// vertical pass with weights 2048 and 0 gives
		// ((2048·(261120 >> 4)) >> 16 + 2) >> 2 = (510 + 2) >> 2 = 128.
		// Output 2: f = 7/6 is clamped to the last source, 255.
		src := &Mask{Width: 2, Height: 1, Pix: []uint8{0, 255}}
		checkMask(t, ResizeLinear(src, 3, 1), 3, 1, []uint8{0, 128, 255})
	})
	t.Run("column 0 85 to 5", func(t *testing.T) {
		// scale = 0.4. Output row 1: f = 0.1, weights round(0.9·2048) = 1843
		// and round(0.1·2048) = 205; row sums 0 and 85·2048 = 174080, so
		// ((1843·0) >> 16) + ((205·10880) >> 16) = 34 and (34 + 2) >> 2 = 9,
		// where 0.1·85 = 8.5 in real arithmetic. Row 0 has f = −0.3: OpenCV
		// keeps the weights (0.7 on row −1) and reads row 0 twice. OpenCV
		// 4.6.0 returns 0, 9, 43, 76, 85.
		src := &Mask{Width: 1, Height: 2, Pix: []uint8{0, 85}}
		checkMask(t, ResizeLinear(src, 1, 5), 1, 5, []uint8{0, 9, 43, 76, 85})
	})
}

// TestResizeLinearMatchesReference recomputes the mae and mse columns of
// loss.csv for the pairs whose prediction the reference resized with
// cv2.resize(INTER_LINEAR). One grey level off on one pixel of the 40×60
// case changes mae by about 1.6e-6.
func TestResizeLinearMatchesReference(t *testing.T) {
	const tol = 1e-12
	tests := []struct{ dir, name string }{
		{syntheticLoss, "c09_size_mismatch"},     // 30×20 to 60×40
		{syntheticMetrics, "c08_resize_half"},    // 60×45 to 120×90
		{syntheticMetrics, "c09_resize_odd"},     // 53×37 to 64×48
		{syntheticMetrics, "c17_lowcontrast"},    // same size: a copy
		{syntheticMetrics, "c11_gt_antialiased"}, // same size: a copy
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := referenceRow(t, filepath.Join(tt.dir, "loss.csv"), tt.name)
			gt := readT(t, filepath.Join(tt.dir, "gt", row["gt_file"]), ReadOptions{})
			pred := readT(t, filepath.Join(tt.dir, "pred", row["pred_file"]), ReadOptions{})
			resized := ResizeLinear(pred, gt.Width, gt.Height)

			mae, mse := meanAbsSquared(resized, gt)
			if want := referenceFloat(t, row, "mae"); !closeTo(mae, want, tol) {
				t.Errorf("mae = %.17g, want %.17g", mae, want)
			}
			if want := referenceFloat(t, row, "mse"); !closeTo(mse, want, tol) {
				t.Errorf("mse = %.17g, want %.17g", mse, want)
			}
		})
	}
}

func TestResizeLinearInvalidSizePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("ResizeLinear to 0×5 did not panic")
		}
	}()
	ResizeLinear(&Mask{Width: 1, Height: 1, Pix: []uint8{0}}, 0, 5)
}

// squareMaps returns the example of BiRefNet's resize notes: a 30×20
// prediction with 1 on rows 5–14 × columns 8–22, and a 60×40 ground truth
// with 1 on rows 10–29 × columns 15–44.
func squareMaps() (pred, gt []float64) {
	pred = make([]float64, 30*20)
	for i := 5; i <= 14; i++ {
		for j := 8; j <= 22; j++ {
			pred[i*30+j] = 1
		}
	}
	gt = make([]float64, 60*40)
	for i := 10; i <= 29; i++ {
		for j := 15; j <= 44; j++ {
			gt[i*60+j] = 1
		}
	}
	return pred, gt
}

// TestResizeFloatAlignCornersBCE compares with PyTorch through the binary
// cross-entropy of the resized map: BiRefNet's BCELoss (log terms clamped at
// −100) on F.interpolate(pred, (40, 60), mode="bilinear",
// align_corners=True) gives 0.04639698746418019 in float64.
func TestResizeFloatAlignCornersBCE(t *testing.T) {
	pred, gt := squareMaps()
	resized := make([]float64, len(gt))
	ResizeFloatAlignCorners(pred, 30, 20, resized, 60, 40)

	sum := 0.0
	for i, p := range resized {
		if gt[i] == 1 {
			sum -= max(math.Log(p), -100)
		} else {
			sum -= max(math.Log1p(-p), -100)
		}
	}
	const want, tol = 0.04639698746418019, 1e-14
	if bce := sum / float64(len(resized)); !closeTo(bce, want, tol) {
		t.Errorf("bce = %.17g, want %.17g", bce, want)
	}
}

func TestResizeFloatAlignCornersGeometry(t *testing.T) {
	pred, _ := squareMaps()
	out := make([]float64, 60*40)
	ResizeFloatAlignCorners(pred, 30, 20, out, 60, 40)

	// Corner pixels map exactly onto corner pixels.
	src := make([]float64, len(pred))
	for i := range src {
		src[i] = float64(i%7) / 6
	}
	ResizeFloatAlignCorners(src, 30, 20, out, 60, 40)
	corners := [][2]int{{0, 0}, {0, 59}, {39, 0}, {39, 59}}
	srcCorners := [][2]int{{0, 0}, {0, 29}, {19, 0}, {19, 29}}
	for k, c := range corners {
		got, want := out[c[0]*60+c[1]], src[srcCorners[k][0]*30+srcCorners[k][1]]
		if got != want {
			t.Errorf("corner (%d, %d) = %v, want %v", c[0], c[1], got, want)
		}
	}

	// Rows 5–14 are centred in 20 rows, so the result is symmetric top to
	// bottom up to rounding, and stays in [0,1].
	ResizeFloatAlignCorners(pred, 30, 20, out, 60, 40)
	for i := 0; i < 40; i++ {
		for j := 0; j < 60; j++ {
			v, mirror := out[i*60+j], out[(39-i)*60+j]
			if math.Abs(v-mirror) > 1e-15 {
				t.Fatalf("(%d, %d) = %v but its mirror (%d, %d) = %v", i, j, v, 39-i, j, mirror)
			}
			if v < 0 || v > 1 {
				t.Fatalf("(%d, %d) = %v, outside [0,1]", i, j, v)
			}
		}
	}
}

func TestResizeFloatAlignCornersSingleOutput(t *testing.T) {
	// With one output sample PyTorch reads source index 0.
	out := make([]float64, 1)
	ResizeFloatAlignCorners([]float64{0.25, 0.5, 0.75, 1}, 2, 2, out, 1, 1)
	if out[0] != 0.25 {
		t.Errorf("got %v, want 0.25", out[0])
	}
}

func TestParseResizeMode(t *testing.T) {
	for _, m := range []ResizeMode{ResizeBilinear, ResizeAlignCorners, ResizeError} {
		got, err := ParseResizeMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseResizeMode(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
	}
	if _, err := ParseResizeMode("cubic"); err == nil || err.Error() != `invalid resize mode "cubic": use bilinear, align-corners or error` {
		t.Errorf("ParseResizeMode(cubic) error = %v", err)
	}
	if s := ResizeMode(7).String(); s != "ResizeMode(7)" {
		t.Errorf("String of an unknown mode = %q", s)
	}
}
