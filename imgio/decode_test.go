package imgio

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"golang.org/x/image/tiff"
)

// The expected values of the constructed files below were measured with
// cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) from OpenCV 4.6.0 with libpng
// 1.6.39 (Debian 12 packages, x86-64) on the same bytes, unless a comment
// derives them.

// colourRow is (255, 0, 0), (10, 200, 30), (100, 100, 100), (0, 0, 255).
var colourRow = []byte{255, 0, 0, 10, 200, 30, 100, 100, 100, 0, 0, 255}

func TestDecodePNGConstructed(t *testing.T) {
	palette := pngChunk("PLTE", []byte{10, 200, 30, 255, 0, 0, 7, 7, 7})
	tests := []struct {
		name string
		data []byte
		want []uint8
	}{
		{"grey 1-bit", pngFile(8, 1, 1, pngGrey, [][]byte{{0b10110000}}, nil, nil),
			[]uint8{255, 0, 255, 255, 0, 0, 0, 0}},
		{"grey 2-bit", pngFile(4, 1, 2, pngGrey, [][]byte{{0b00011011}}, nil, nil),
			[]uint8{0, 85, 170, 255}},
		{"grey 4-bit", pngFile(2, 1, 4, pngGrey, [][]byte{{0x3c}}, nil, nil),
			[]uint8{51, 204}},
		{"grey 8-bit", pngRow1(pngGrey, []byte{0, 128, 255}, nil, nil),
			[]uint8{0, 128, 255}},
		{"grey 16-bit keeps high byte", pngFile(4, 1, 16, pngGrey, [][]byte{be16(255, 256, 33000, 65535)}, nil, nil),
			[]uint8{0, 1, 128, 255}},
		{"1×1", pngRow1(pngGrey, []byte{7}, nil, nil), []uint8{7}},
		// Truncating: rounded Rec. 601 would give 124 for (10, 200, 30).
		{"RGB truncates", pngRow1(pngRGB, colourRow, nil, nil),
			[]uint8{76, 123, 100, 29}},
		{"RGBA drops alpha 128", pngRow1(pngRGBA, []byte{10, 200, 30, 128, 255, 0, 0, 128}, nil, nil),
			[]uint8{123, 76}},
		{"grey+alpha keeps grey", pngRow1(pngGreyAlpha, []byte{10, 128, 200, 0}, nil, nil),
			[]uint8{10, 200}},
		{"grey+alpha 16-bit", pngFile(2, 1, 16, pngGreyAlpha, [][]byte{be16(33000, 5, 255, 65535)}, nil, nil),
			[]uint8{128, 0}},
		{"palette expands to RGB", pngRow1(pngPalette, []byte{0, 1, 2}, palette, nil),
			[]uint8{123, 76, 7}},
		{"palette ignores tRNS", pngRow1(pngPalette, []byte{0, 1, 2}, append(palette, pngChunk("tRNS", []byte{0, 128})...), nil),
			[]uint8{123, 76, 7}},
		// libpng zero-fills the palette, and Go pads it with opaque black.
		{"palette index past end", pngRow1(pngPalette, []byte{0, 5}, palette, nil),
			[]uint8{123, 0}},
		// 16-bit colour is converted at 16 bits with rounding, then keeps the
		// high byte. Converting the high bytes would give 79, 0, 76, 45.
		{"RGB 16-bit", pngFile(4, 1, 16, pngRGB,
			[][]byte{be16(0x80ff, 0x40ff, 0x20ff, 0x01ff, 0, 0, 65535, 0, 0, 0x12ab, 0x34cd, 0x56ef)}, nil, nil),
			[]uint8{80, 0, 76, 46}},
		// libpng skips an ancillary chunk with a bad CRC, and a tRNS chunk in
		// an image that has an alpha channel.
		{"bad CRC in tEXt", pngRow1(pngRGB, colourRow, corruptCRC(pngChunk("tEXt", []byte("a\x00b"))), nil),
			[]uint8{76, 123, 100, 29}},
		{"tRNS in RGBA", pngRow1(pngRGBA, []byte{10, 200, 30, 9}, pngChunk("tRNS", []byte{0, 1, 0, 2, 0, 3}), nil),
			[]uint8{123}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, info := decodeBytesT(t, tt.data, ReadOptions{})
			checkMask(t, m, len(tt.want), 1, tt.want)
			if info.Format != "png" {
				t.Errorf("Format = %q, want png", info.Format)
			}
		})
	}
}

func corruptCRC(chunk []byte) []byte {
	c := bytes.Clone(chunk)
	c[len(c)-1] ^= 1
	return c
}

// TestDecodePNGGamma checks libpng's linear-light conversion of colour
// pixels when the file declares a gamma, on the pixels of colourRow.
func TestDecodePNGGamma(t *testing.T) {
	srgb := pngChunk("sRGB", []byte{0})
	plain := []uint8{76, 123, 100, 29}
	linear := []uint8{147, 157, 100, 95}
	tests := []struct {
		name          string
		before, after []byte
		want          []uint8
	}{
		{"gAMA 0.45455", gamaChunk(45455), nil, linear},
		{"sRGB", srgb, nil, linear},
		{"gAMA 1", gamaChunk(100000), nil, plain},
		{"gAMA 2", gamaChunk(200000), nil, []uint8{23, 98, 100, 3}},
		// The screen gamma 1/0.95 = 1.0526 passes the 0.05 threshold, so the
		// tables are built, with an identity table back from linear light.
		{"gAMA 0.95", gamaChunk(95000), nil, []uint8{76, 121, 100, 29}},
		{"gAMA 1.05", gamaChunk(105000), nil, plain},
		{"gAMA after IDAT", nil, gamaChunk(45455), plain},
		{"gAMA with bad CRC", corruptCRC(gamaChunk(45455)), nil, plain},
		{"gAMA of 5 bytes", pngChunk("gAMA", []byte{0, 0, 0xb1, 0x8f, 0}), nil, plain},
		{"gAMA out of range", append(gamaChunk(5), gamaChunk(45455)...), nil, plain},
		{"duplicate gAMA keeps first", append(gamaChunk(45455), gamaChunk(100000)...), nil, linear},
		{"duplicate gAMA 1 first", append(gamaChunk(100000), gamaChunk(45455)...), nil, plain},
		{"sRGB wins over later gAMA", append(bytes.Clone(srgb), gamaChunk(100000)...), nil, linear},
		{"sRGB wins over earlier gAMA", append(gamaChunk(100000), srgb...), nil, linear},
		{"close gAMA after sRGB", append(bytes.Clone(srgb), gamaChunk(46000)...), nil, []uint8{146, 156, 100, 94}},
		{"invalid sRGB intent", pngChunk("sRGB", []byte{7}), nil, plain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := decodeBytesT(t, pngRow1(pngRGB, colourRow, tt.before, tt.after), ReadOptions{})
			checkMask(t, m, 4, 1, tt.want)
		})
	}

	t.Run("palette gAMA before PLTE", func(t *testing.T) {
		before := append(gamaChunk(45455), pngChunk("PLTE", []byte{255, 0, 0, 10, 200, 30, 7, 7, 7})...)
		m, _ := decodeBytesT(t, pngRow1(pngPalette, []byte{0, 1, 2}, before, nil), ReadOptions{})
		checkMask(t, m, 3, 1, []uint8{147, 157, 7})
	})
	t.Run("palette gAMA after PLTE", func(t *testing.T) {
		before := append(pngChunk("PLTE", []byte{255, 0, 0, 10, 200, 30, 7, 7, 7}), gamaChunk(45455)...)
		m, _ := decodeBytesT(t, pngRow1(pngPalette, []byte{0, 1, 2}, before, nil), ReadOptions{})
		checkMask(t, m, 3, 1, []uint8{76, 123, 7})
	})
	t.Run("grey+alpha unaffected", func(t *testing.T) {
		m, _ := decodeBytesT(t, pngRow1(pngGreyAlpha, []byte{10, 200, 30, 128}, gamaChunk(45455), nil), ReadOptions{})
		checkMask(t, m, 2, 1, []uint8{10, 30})
	})
	t.Run("RGB 16-bit", func(t *testing.T) {
		// The grey pixel 0x00ff goes through libpng's 16-to-8 table, which
		// rounds it to 1 where the high byte would be 0.
		row := be16(0x80ff, 0x40ff, 0x20ff, 0x01ff, 0, 0, 65535, 0, 0, 0x00ff, 0x00ff, 0x00ff, 0x12ab, 0x34cd, 0x56ef)
		m, _ := decodeBytesT(t, pngFile(5, 1, 16, pngRGB, [][]byte{row}, gamaChunk(45455), nil), ReadOptions{})
		checkMask(t, m, 5, 1, []uint8{88, 0, 147, 1, 51})
	})
}

func TestDecodeAlpha(t *testing.T) {
	palette := pngChunk("PLTE", []byte{10, 200, 30, 255, 0, 0, 7, 7, 7})
	tests := []struct {
		name string
		data []byte
		want []uint8
	}{
		{"RGBA", pngRow1(pngRGBA, []byte{10, 200, 30, 128, 255, 0, 0, 0}, nil, nil), []uint8{128, 0}},
		{"grey+alpha", pngRow1(pngGreyAlpha, []byte{10, 128, 200, 3}, nil, nil), []uint8{128, 3}},
		{"RGBA 16-bit keeps high byte", pngFile(1, 1, 16, pngRGBA, [][]byte{be16(1, 2, 3, 0x80ff)}, nil, nil), []uint8{0x80}},
		// Entries past the end of tRNS are opaque.
		{"palette with tRNS", pngRow1(pngPalette, []byte{0, 1, 2}, append(bytes.Clone(palette), pngChunk("tRNS", []byte{0, 128})...), nil),
			[]uint8{0, 128, 255}},
		{"grey with tRNS", pngRow1(pngGrey, []byte{0, 7, 255}, pngChunk("tRNS", []byte{0, 7}), nil), []uint8{255, 0, 255}},
		{"webp lossless", webpLosslessAlpha, []uint8{128, 255, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := decodeBytesT(t, tt.data, ReadOptions{Alpha: true})
			checkMask(t, m, len(tt.want), 1, tt.want)
		})
	}

	noAlpha := []struct {
		name string
		data []byte
	}{
		{"RGB", pngRow1(pngRGB, colourRow, nil, nil)},
		{"grey", pngRow1(pngGrey, []byte{1}, nil, nil)},
		{"palette without tRNS", pngRow1(pngPalette, []byte{0}, palette, nil)},
		{"jpeg", blockJPEG(t, [][]uint8{{9}})},
		{"webp without alpha", webpLossless},
	}
	for _, tt := range noAlpha {
		t.Run(tt.name+" rejected", func(t *testing.T) {
			_, _, err := Decode(bytes.NewReader(tt.data), ReadOptions{Alpha: true})
			if err == nil {
				t.Fatal("Decode succeeded, want an error")
			}
			if !bytes.Contains([]byte(err.Error()), []byte("no alpha channel")) {
				t.Errorf("error %q does not say the file has no alpha channel", err)
			}
		})
	}
}

// formatPixels are (10, 200, 30), (0, 95, 24), (0, 40, 237): OpenCV 4.6
// converts them to 123, 58, 50 from PNG, 124, 58, 51 from BMP and TIFF, and
// 124, 59, 50 from WebP (measured on files with these pixels).
var formatPixels = [][3]uint8{{10, 200, 30}, {0, 95, 24}, {0, 40, 237}}

// webpLossless holds formatPixels as a 3×1 lossless WebP, written by
// cv2.imencode(".webp", img, [cv2.IMWRITE_WEBP_QUALITY, 101]) (OpenCV 4.6.0,
// libwebp 1.2.4).
var webpLossless = mustHex("524946462e000000574542505650384c210000002f0200000017201048433a19ccf4288805936f32f963e530ffc193831a44f43f0000")

// webpLosslessAlpha is the same with alpha 128, 255 and 0. The encoder
// zeroed the colour of the transparent pixel.
var webpLosslessAlpha = mustHex("5249464636000000574542505650384c290000002f0200001017201048f217586944214142f6ff56b358301949fe8c5d0282a2e74c0fb8ee431322fa1f00")

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// bmp24 builds a one-row 24-bit BMP (BITMAPINFOHEADER, rows padded to 4
// bytes, pixels stored as B, G, R).
func bmp24(pixels [][3]uint8) []byte {
	row := make([]byte, (3*len(pixels)+3)/4*4)
	for i, p := range pixels {
		row[3*i], row[3*i+1], row[3*i+2] = p[2], p[1], p[0]
	}
	const headerSize = 14 + 40
	var b bytes.Buffer
	b.WriteString("BM")
	binary.Write(&b, binary.LittleEndian, []uint32{uint32(headerSize + len(row)), 0, headerSize})
	binary.Write(&b, binary.LittleEndian, []uint32{40, uint32(len(pixels)), 1})
	binary.Write(&b, binary.LittleEndian, []uint16{1, 24})
	binary.Write(&b, binary.LittleEndian, []uint32{0, uint32(len(row)), 0, 0, 0, 0})
	b.Write(row)
	return b.Bytes()
}

// bmpPalette8 builds a one-row 8-bit palette BMP with a 256-entry colour
// table.
func bmpPalette8(palette [][3]uint8, indexes []uint8) []byte {
	row := make([]byte, (len(indexes)+3)/4*4)
	copy(row, indexes)
	table := make([]byte, 4*256)
	for i, c := range palette {
		table[4*i], table[4*i+1], table[4*i+2] = c[2], c[1], c[0]
	}
	headerSize := 14 + 40 + len(table)
	var b bytes.Buffer
	b.WriteString("BM")
	binary.Write(&b, binary.LittleEndian, []uint32{uint32(headerSize + len(row)), 0, uint32(headerSize)})
	binary.Write(&b, binary.LittleEndian, []uint32{40, uint32(len(indexes)), 1})
	binary.Write(&b, binary.LittleEndian, []uint16{1, 8})
	binary.Write(&b, binary.LittleEndian, []uint32{0, uint32(len(row)), 0, 0, 256, 0})
	b.Write(table)
	b.Write(row)
	return b.Bytes()
}

func tiffBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := tiff.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecodeFormatRules(t *testing.T) {
	rgba := image.NewRGBA(image.Rect(0, 0, 3, 1))
	rgba64 := image.NewRGBA64(image.Rect(0, 0, 3, 1))
	var pngRow []byte
	for i, p := range formatPixels {
		rgba.SetRGBA(i, 0, color.RGBA{p[0], p[1], p[2], 255})
		pngRow = append(pngRow, p[0], p[1], p[2])
	}
	// 16-bit TIFF samples are reduced with (v + 128) / 257 before the grey
	// conversion: 255 becomes 1 where its high byte is 0.
	rgba64.SetRGBA64(0, 0, color.RGBA64{0x80ff, 0x40ff, 0x20ff, 0xffff})
	rgba64.SetRGBA64(1, 0, color.RGBA64{255, 255, 255, 0xffff})
	rgba64.SetRGBA64(2, 0, color.RGBA64{0, 0, 0xffff, 0xffff})
	gray16 := image.NewGray16(image.Rect(0, 0, 4, 1))
	for i, v := range []uint16{255, 256, 33000, 65535} {
		gray16.SetGray16(i, 0, color.Gray16{Y: v})
	}

	tests := []struct {
		name   string
		data   []byte
		format string
		want   []uint8
	}{
		{"png", pngRow1(pngRGB, pngRow, nil, nil), "png", []uint8{123, 58, 50}},
		{"bmp 24-bit", bmp24(formatPixels), "bmp", []uint8{124, 58, 51}},
		{"bmp palette", bmpPalette8(formatPixels, []uint8{2, 1, 0}), "bmp", []uint8{51, 58, 124}},
		{"tiff RGBA", tiffBytes(t, rgba), "tiff", []uint8{124, 58, 51}},
		{"tiff RGBA 16-bit", tiffBytes(t, rgba64), "tiff", []uint8{80, 1, 29}},
		{"tiff grey 16-bit keeps high byte", tiffBytes(t, gray16), "tiff", []uint8{0, 1, 128, 255}},
		{"webp lossless", webpLossless, "webp", []uint8{124, 59, 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, info := decodeBytesT(t, tt.data, ReadOptions{})
			checkMask(t, m, len(tt.want), 1, tt.want)
			if info.Format != tt.format {
				t.Errorf("Format = %q, want %q", info.Format, tt.format)
			}
		})
	}
}

// TestDecodeJPEGLuma checks that a colour JPEG reads as its decoded Y
// channel, as libjpeg returns it for grey output, and not as a grey
// conversion of the decoded RGB.
func TestDecodeJPEGLuma(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(16 * x), uint8(255 - 16*y), uint8(8 * (x + y)), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	decoded, err := jpeg.Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	ycbcr, ok := decoded.(*image.YCbCr)
	if !ok {
		t.Fatalf("image/jpeg returned %T, want *image.YCbCr", decoded)
	}

	m, info := decodeBytesT(t, b.Bytes(), ReadOptions{})
	want := make([]uint8, 0, 256)
	for y := 0; y < 16; y++ {
		want = append(want, ycbcr.Y[y*ycbcr.YStride:y*ycbcr.YStride+16]...)
	}
	checkMask(t, m, 16, 16, want)
	if info.Format != "jpeg" {
		t.Errorf("Format = %q, want jpeg", info.Format)
	}
}

func TestDecodeZeroOne(t *testing.T) {
	tests := []struct {
		name string
		pix  []byte
		want bool
	}{
		{"zeros and ones", []byte{0, 1, 1, 0}, true},
		{"all ones", []byte{1, 1}, true},
		{"all zeros", []byte{0, 0}, false},
		{"0 and 255", []byte{0, 255}, false},
		{"0, 1 and 2", []byte{0, 1, 2}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, info := decodeBytesT(t, pngRow1(pngGrey, tt.pix, nil, nil), ReadOptions{})
			if info.ZeroOne != tt.want {
				t.Errorf("ZeroOne = %v, want %v", info.ZeroOne, tt.want)
			}
			ScaleZeroOne(m)
			for i, v := range tt.pix {
				want := v
				if v == 1 {
					want = 255
				}
				if m.Pix[i] != want {
					t.Errorf("after ScaleZeroOne pixel %d = %d, want %d", i, m.Pix[i], want)
				}
			}
		})
	}
}
