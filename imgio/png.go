package imgio

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"io"
	"math"
)

// PNG colour types (the IHDR field).
const (
	pngGrey      = 0
	pngRGB       = 2
	pngPalette   = 3
	pngGreyAlpha = 4
	pngRGBA      = 6
)

// pngInfo is the PNG metadata that libpng reads before the pixels and that
// changes the grey values or the orientation.
type pngInfo struct {
	bitDepth, colorType uint8
	// gamma is the file gamma in libpng's fixed point (×100000) after libpng's
	// chunk checks, or 0 when the file declares none.
	gamma int64
	// sigBits is the largest of the red, green and blue sBIT values of a
	// colour image, or 0 without a valid sBIT chunk.
	sigBits uint8
	hasTRNS bool
	exif    []byte // the first eXIf chunk that libpng accepts
	// complete is true when the chunks run up to IEND. Otherwise a decoding
	// error is reported as truncation, because image/png reports data cut
	// inside IDAT as "not enough pixel data".
	complete bool
}

// parsePNG walks the chunks without decompressing anything. It reads IHDR,
// the chunks that change the grey values (gAMA, sRGB, sBIT), tRNS for the
// alpha option and eXIf for the orientation, with the order and validity rules
// of libpng 1.6.39.
//
// libpng skips an ancillary chunk whose CRC is wrong, and an alpha image's
// tRNS chunk, with a warning, but Go's image/png rejects the whole file. Such
// chunks are dropped from the data handed to image/png, so that Read accepts
// what OpenCV accepts. Critical chunks keep Go's strict checks.
func parsePNG(data []byte) (*header, error) {
	h := &header{format: "png", data: data}
	p := &pngInfo{}
	h.png = p
	var (
		cs                                     pngColorspace
		seenIHDR, seenPLTE, seenIDAT, haveSBIT bool
		drop                                   [][2]int // byte ranges of chunks to drop
	)
	pos := len(pngSignature)
	for pos+8 <= len(data) {
		length := int64(binary.BigEndian.Uint32(data[pos:]))
		typ := string(data[pos+4 : pos+8])
		end := int64(pos) + 12 + length
		if end > int64(len(data)) {
			break // truncated; image/png reports it
		}
		body := data[pos+8 : pos+8+int(length)]
		chunkEnd := int(end)

		if !seenIHDR {
			if typ != "IHDR" || length != 13 {
				return nil, fmt.Errorf("decode png: invalid format: the first chunk is %q, not a 13-byte IHDR", typ)
			}
			if err := p.readIHDR(h, body); err != nil {
				return nil, err
			}
			seenIHDR = true
			pos = chunkEnd
			continue
		}

		ancillary := typ[0]&0x20 != 0
		if ancillary && crc32.ChecksumIEEE(data[pos+4:pos+8+int(length)]) != binary.BigEndian.Uint32(data[pos+8+int(length):]) {
			drop = append(drop, [2]int{pos, chunkEnd})
			pos = chunkEnd
			continue
		}

		beforePixels := !seenPLTE && !seenIDAT
		switch typ {
		case "PLTE":
			seenPLTE = true
		case "IDAT":
			seenIDAT = true
		case "IEND":
			p.complete = true
			pos = len(data)
			continue
		case "gAMA":
			if beforePixels && length == 4 {
				cs.setGAMA(int64(binary.BigEndian.Uint32(body)))
			}
		case "sRGB":
			if beforePixels && length == 1 {
				cs.setSRGB(body[0])
			}
		case "sBIT":
			if beforePixels && !haveSBIT {
				haveSBIT = p.readSBIT(body)
			}
		case "tRNS":
			switch {
			case p.colorType == pngGreyAlpha || p.colorType == pngRGBA:
				drop = append(drop, [2]int{pos, chunkEnd})
			case !seenIDAT:
				p.hasTRNS = true
			}
		// TODO: an iCCP chunk holding one of the sRGB profiles that libpng
		// recognises makes libpng use the sRGB gamma; it is ignored here.
		case "eXIf":
			// libpng keeps the first eXIf chunk and rejects one whose second
			// byte is neither 'M' nor 'I' unless it repeats the first byte.
			if p.exif == nil && length >= 2 && (body[1] == 'M' || body[1] == 'I' || body[0] == body[1]) {
				p.exif = body
			}
		}
		pos = chunkEnd
	}
	if !seenIHDR {
		return nil, fmt.Errorf("decode png: file is truncated before the IHDR chunk: %w", io.ErrUnexpectedEOF)
	}

	p.gamma = cs.gamma
	h.hasAlpha = p.colorType == pngGreyAlpha || p.colorType == pngRGBA || p.hasTRNS
	if p.exif != nil {
		h.orientation = exifOrientation(p.exif)
	}
	if len(drop) > 0 {
		h.data = withoutRanges(data, drop)
	}
	return h, nil
}

func (p *pngInfo) readIHDR(h *header, body []byte) error {
	w := binary.BigEndian.Uint32(body[0:])
	ht := binary.BigEndian.Uint32(body[4:])
	if w > math.MaxInt32 || ht > math.MaxInt32 {
		return fmt.Errorf("decode png: invalid format: IHDR size %d×%d exceeds 2^31-1", w, ht)
	}
	h.width, h.height = int(w), int(ht)
	p.bitDepth, p.colorType = body[8], body[9]
	return nil
}

// readSBIT keeps the sBIT chunk of a colour image when libpng would: one
// byte per colour channel (plus alpha), each between 1 and the sample depth.
// It reports whether the chunk was valid.
func (p *pngInfo) readSBIT(body []byte) bool {
	if p.colorType&2 == 0 {
		return true // only the sBIT of colour images changes grey values
	}
	want := 3
	if p.colorType == pngRGBA {
		want = 4
	}
	depth := p.bitDepth
	if p.colorType == pngPalette {
		depth = 8
	}
	if len(body) != want {
		return false
	}
	for _, v := range body {
		if v == 0 || v > depth {
			return false
		}
	}
	p.sigBits = max(body[0], body[1], body[2])
	return true
}

// withoutRanges returns a copy of data without the given sorted byte ranges.
func withoutRanges(data []byte, ranges [][2]int) []byte {
	out := make([]byte, 0, len(data))
	prev := 0
	for _, r := range ranges {
		out = append(out, data[prev:r[0]]...)
		prev = r[1]
	}
	return append(out, data[prev:]...)
}

// greyMask converts Go's decoding of a PNG with libpng's rules for its
// colour type and bit depth. Grey and grey+alpha images are never converted,
// whatever their gamma.
func (p *pngInfo) greyMask(img image.Image) *Mask {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if p.colorType&2 == 0 {
		switch img := img.(type) {
		case *image.NRGBA: // grey+alpha, or grey with tRNS
			return channel8(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, 4, 0)
		case *image.NRGBA64:
			return channel8(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, 8, 0)
		}
		return rgbGrey(img, greyPNG8)
	}

	g := newPNGGamma(p.gamma, p.sigBits, p.bitDepth)
	switch img := img.(type) {
	case *image.RGBA64:
		return rgba16Grey(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, g.grey16)
	case *image.NRGBA64:
		return rgba16Grey(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, g.grey16)
	}
	if g.table8 == nil {
		return rgbGrey(img, greyPNG8)
	}
	t := g.table8
	switch img := img.(type) {
	case *image.RGBA:
		return rgba8Gamma(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, t)
	case *image.NRGBA:
		return rgba8Gamma(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, t)
	case *image.Paletted:
		lut := [256]uint8{}
		for i, c := range img.Palette {
			if i < len(lut) {
				r, g, b := rgb8(c)
				lut[i] = t.grey(r, g, b)
			}
		}
		return mapPaletted(img, &lut)
	}
	return rgbGrey(img, greyPNG8)
}

func rgba8Gamma(pix []uint8, stride, offset, w, h int, t *gammaTables8) *Mask {
	m := newMask(w, h)
	for y := 0; y < h; y++ {
		row := pix[offset+y*stride : offset+y*stride+4*w]
		out := m.Pix[y*w : (y+1)*w]
		for x := range out {
			p := row[4*x : 4*x+3 : 4*x+3]
			out[x] = t.grey(uint32(p[0]), uint32(p[1]), uint32(p[2]))
		}
	}
	return m
}
