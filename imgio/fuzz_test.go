package imgio

import (
	"bytes"
	"os"
	"testing"
)

// FuzzDecode checks that no input makes Decode panic and that a decoded mask
// is consistent. The seeds cover every format and the PNG variants with their
// own code paths.
func FuzzDecode(f *testing.F) {
	seeds := [][]byte{
		pngRow1(pngGrey, []byte{0, 1, 255}, nil, nil),
		pngFile(8, 1, 1, pngGrey, [][]byte{{0b10110000}}, nil, nil),
		pngRow1(pngRGB, colourRow, gamaChunk(45455), nil),
		pngRow1(pngRGBA, []byte{10, 200, 30, 128}, pngChunk("sRGB", []byte{0}), nil),
		pngRow1(pngPalette, []byte{0, 1, 5}, pngChunk("PLTE", []byte{10, 200, 30, 255, 0, 0}), nil),
		pngFile(2, 1, 16, pngRGB, [][]byte{be16(1, 2, 3, 0xffff, 0, 0x8000)}, append(gamaChunk(45455), pngChunk("sBIT", []byte{10, 10, 10})...), nil),
		pngFile(3, 2, 8, pngGrey, [][]byte{{1, 2, 3}, {4, 5, 6}}, pngChunk("eXIf", exifOrientationBlock(6, true)), nil),
		hugePNG(),
		bmp24(formatPixels),
		bmpPalette8(formatPixels, []uint8{2, 1, 0}),
		webpLossless,
		webpLosslessAlpha,
		withAPP1(blockJPEG(f, [][]uint8{{1, 2}}), exifOrientationBlock(5, false)),
	}
	for _, path := range []string{
		"../testdata/reference/synthetic-loss/gt/c10_thin_2x5.png",
		"../testdata/reference/synthetic-loss/gt/c13_gt_rgb_pred_palette.png",
		"../testdata/reference/synthetic-loss/pred/c13_gt_rgb_pred_palette.png",
		"../testdata/reference/synthetic-loss/gt/c14_gt_la_pred_rgba.png",
		"../testdata/reference/synthetic-loss/gt/c15_gt_16bit.png",
	} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, data)
	}
	for _, s := range seeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		// A small limit keeps each input cheap to decode.
		opt := ReadOptions{MaxPixels: 1 << 16}
		for _, alpha := range []bool{false, true} {
			opt.Alpha = alpha
			m, info, err := Decode(bytes.NewReader(data), opt)
			if err != nil {
				continue
			}
			if m.Width <= 0 || m.Height <= 0 || len(m.Pix) != m.Width*m.Height {
				t.Fatalf("mask %d×%d with %d pixels", m.Width, m.Height, len(m.Pix))
			}
			format, w, h, err := DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("Decode succeeded but DecodeConfig failed: %v", err)
			}
			if format != info.Format || w != m.Width || h != m.Height {
				t.Fatalf("DecodeConfig = %s %d×%d, Decode = %s %d×%d", format, w, h, info.Format, m.Width, m.Height)
			}
		}
	})
}
