package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func decodePNG(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	return img
}

func rgbAt(img image.Image, x, y int) color.NRGBA {
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}

func TestMakeThumbnailOverlayColours(t *testing.T) {
	// 4×1 pixels: true positive, false positive, false negative, true
	// negative. 129 and 128 sit on either side of the > 128 threshold.
	gt := []uint8{255, 128, 129, 0}
	pred := []uint8{200, 129, 128, 100}
	th, err := MakeThumbnail("m", "x", gt, pred, 4, 1, 8)
	if err != nil {
		t.Fatal(err)
	}
	if th.Model != "m" || th.Name != "x" {
		t.Errorf("thumbnail of %q/%q, want m/x", th.Model, th.Name)
	}
	overlay := decodePNG(t, th.ErrorOverlay)
	if b := overlay.Bounds(); b.Dx() != 4 || b.Dy() != 1 {
		t.Fatalf("overlay is %dx%d, want 4x1 (no enlargement)", b.Dx(), b.Dy())
	}
	want := []color.NRGBA{overlayGT, overlayFalsePositive, overlayFalseNegative, overlayBackground}
	names := []string{"true positive", "false positive", "false negative", "true negative"}
	for x, w := range want {
		if got := rgbAt(overlay, x, 0); got != w {
			t.Errorf("%s pixel = %v, want %v", names[x], got, w)
		}
	}

	gtImg, predImg := decodePNG(t, th.GT), decodePNG(t, th.Pred)
	for x := range 4 {
		if got := color.GrayModel.Convert(gtImg.At(x, 0)).(color.Gray).Y; got != gt[x] {
			t.Errorf("GT pixel %d = %d, want %d", x, got, gt[x])
		}
		if got := color.GrayModel.Convert(predImg.At(x, 0)).(color.Gray).Y; got != pred[x] {
			t.Errorf("prediction pixel %d = %d, want %d", x, got, pred[x])
		}
	}
}

func TestMakeThumbnailBoxFilter(t *testing.T) {
	// 4×2 masks reduced to 2×1: each output pixel averages a 2×2 block.
	gt := []uint8{
		255, 255, 0, 0,
		255, 255, 0, 0,
	}
	pred := []uint8{
		255, 0, 10, 20,
		255, 0, 30, 41,
	}
	th, err := MakeThumbnail("m", "x", gt, pred, 4, 2, 2)
	if err != nil {
		t.Fatal(err)
	}

	predImg := decodePNG(t, th.Pred)
	if b := predImg.Bounds(); b.Dx() != 2 || b.Dy() != 1 {
		t.Fatalf("prediction thumbnail is %dx%d, want 2x1", b.Dx(), b.Dy())
	}
	// (255+0+255+0)/4 = 127.5 rounds to 128, and (10+20+30+41)/4 = 25.25
	// rounds to 25.
	wantPred := []uint8{128, 25}
	for x, w := range wantPred {
		if got := color.GrayModel.Convert(predImg.At(x, 0)).(color.Gray).Y; got != w {
			t.Errorf("prediction pixel %d = %d, want %d", x, got, w)
		}
	}

	// The left block has two grey (true positive) and two blue (false
	// negative) pixels. The right block has four black (true negative) ones.
	overlay := decodePNG(t, th.ErrorOverlay)
	avg := func(a, b uint8) uint8 { return uint8((int(a) + int(b) + 1) / 2) }
	wantLeft := color.NRGBA{
		avg(overlayGT.R, overlayFalseNegative.R),
		avg(overlayGT.G, overlayFalseNegative.G),
		avg(overlayGT.B, overlayFalseNegative.B),
		255,
	}
	if got := rgbAt(overlay, 0, 0); got != wantLeft {
		t.Errorf("left overlay pixel = %v, want %v", got, wantLeft)
	}
	if got := rgbAt(overlay, 1, 0); got != overlayBackground {
		t.Errorf("right overlay pixel = %v, want %v", got, overlayBackground)
	}
}

func TestThumbnailSize(t *testing.T) {
	tests := []struct{ w, h, maxSide, wantW, wantH int }{
		{640, 480, 160, 160, 120},
		{480, 640, 160, 120, 160},
		{100, 50, 160, 100, 50},
		{1000, 3, 100, 100, 1},
		{7, 7, 3, 3, 3},
	}
	for _, tt := range tests {
		w, h := thumbnailSize(tt.w, tt.h, tt.maxSide)
		if w != tt.wantW || h != tt.wantH {
			t.Errorf("thumbnailSize(%d, %d, %d) = %d, %d, want %d, %d", tt.w, tt.h, tt.maxSide, w, h, tt.wantW, tt.wantH)
		}
	}
}

func TestMakeThumbnailErrors(t *testing.T) {
	four := make([]uint8, 4)
	tests := []struct {
		name          string
		gt, pred      []uint8
		w, h, maxSide int
		want          string
	}{
		{"zero width", nil, nil, 0, 2, 8, "invalid size 0x2"},
		{"zero max side", four, four, 2, 2, 0, "invalid maximum side 0"},
		{"short GT", four[:3], four, 2, 2, 8, "GT has 3 pixels, want 2x2 = 4"},
		{"short prediction", four, four[:1], 2, 2, 8, "prediction has 1 pixels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MakeThumbnail("m", "x", tt.gt, tt.pred, tt.w, tt.h, tt.maxSide)
			if err == nil {
				t.Fatal("MakeThumbnail succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func BenchmarkMakeThumbnail(b *testing.B) {
	const width, height = 1024, 768
	gt := make([]uint8, width*height)
	pred := make([]uint8, width*height)
	for i := range gt {
		gt[i] = uint8(i * 7)
		pred[i] = uint8(i * 13)
	}
	b.SetBytes(width * height)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MakeThumbnail("m", "x", gt, pred, width, height, 160); err != nil {
			b.Fatal(err)
		}
	}
}
