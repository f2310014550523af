package imgio

import (
	"image"
	"image/color"
)

// linearGrey is a fixed-point grey conversion:
//
//	grey = (r·R + g·G + b·B + add) >> shift
//
// The weights are the Rec. 601 luma weights 0.299, 0.587, 0.114 scaled to
// 2^shift by each library, and they sum to exactly 2^shift, so R = G = B = v
// gives v back for 8-bit samples.
type linearGrey struct {
	r, g, b, add uint32
	shift        uint
}

var (
	// greyPNG8 is libpng 1.6's rgb_to_gray for 8-bit samples with the
	// weights OpenCV requests (png_set_rgb_to_gray(png, 1, 0.299, 0.587)):
	// truncating, so (10, 200, 30) gives 123.
	greyPNG8 = linearGrey{9797, 19234, 3737, 0, 15}
	// greyPNG16 is libpng's rgb_to_gray for 16-bit samples, which rounds,
	// followed by png_set_strip_16, which keeps the high byte: the two shifts
	// combine into one of 15 + 8 bits.
	greyPNG16 = linearGrey{9797, 19234, 3737, 1 << 14, 23}
	// greyRound14 is OpenCV's own conversion in its BMP and TIFF decoders
	// (icvCvt_BGR2Gray_8u_C3C1R): 14-bit weights, rounding.
	greyRound14 = linearGrey{4899, 9617, 1868, 1 << 13, 14}
	// greyCvtColor is cv::cvtColor(COLOR_BGR2GRAY) on 8-bit data, which the
	// WebP decoder applies to libwebp's BGR output: 15-bit weights, rounding.
	greyCvtColor = linearGrey{9798, 19235, 3735, 1 << 14, 15}
	// greyLibjpeg is libjpeg's RGB to grey conversion (rgb_gray_convert):
	// 16-bit weights, rounding.
	greyLibjpeg = linearGrey{19595, 38470, 7471, 1 << 15, 16}
)

func (l linearGrey) of(r, g, b uint32) uint8 {
	return uint8((l.r*r + l.g*g + l.b*b + l.add) >> l.shift)
}

func newMask(width, height int) *Mask {
	return &Mask{Width: width, Height: height, Pix: make([]uint8, width*height)}
}

// rgbGrey converts an 8-bit colour image with rule. 16-bit images reach it
// only from formats whose decoders keep the high byte.
func rgbGrey(img image.Image, rule linearGrey) *Mask {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch img := img.(type) {
	case *image.Gray:
		return greyPlane(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h)
	case *image.Gray16:
		return grey16High(img)
	case *image.RGBA:
		return rgba8Grey(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, rule)
	case *image.NRGBA:
		return rgba8Grey(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, rule)
	case *image.Paletted:
		return palettedGrey(img, func(c color.Color) uint8 {
			r, g, b := rgb8(c)
			return rule.of(r, g, b)
		})
	}
	return genericGrey(img, rule)
}

// greyPlane copies an 8-bit plane, or uses it as it is when it is already
// packed row after row.
func greyPlane(pix []uint8, stride, offset, w, h int) *Mask {
	if stride == w && offset == 0 && len(pix) == w*h {
		return &Mask{Width: w, Height: h, Pix: pix}
	}
	m := newMask(w, h)
	for y := 0; y < h; y++ {
		copy(m.Pix[y*w:(y+1)*w], pix[offset+y*stride:])
	}
	return m
}

// grey16High keeps the high byte of big-endian 16-bit grey samples.
func grey16High(img *image.Gray16) *Mask {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	m := newMask(w, h)
	for y := 0; y < h; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):]
		out := m.Pix[y*w : (y+1)*w]
		for x := range out {
			out[x] = row[2*x]
		}
	}
	return m
}

// rgba8Grey converts 4-byte R, G, B, A pixels, ignoring A.
func rgba8Grey(pix []uint8, stride, offset, w, h int, rule linearGrey) *Mask {
	m := newMask(w, h)
	// Local copies let the compiler keep the weights in registers.
	wr, wg, wb, add, shift := rule.r, rule.g, rule.b, rule.add, rule.shift
	for y := 0; y < h; y++ {
		row := pix[offset+y*stride : offset+y*stride+4*w]
		out := m.Pix[y*w : (y+1)*w]
		for x := range out {
			p := row[4*x : 4*x+4 : 4*x+4]
			out[x] = uint8((wr*uint32(p[0]) + wg*uint32(p[1]) + wb*uint32(p[2]) + add) >> shift)
		}
	}
	return m
}

// channel8 copies one byte of each pixel: bytesPerPixel and index select it
// (index 0 of 4 is R of RGBA, index 6 of 8 is the high byte of A in RGBA64).
func channel8(pix []uint8, stride, offset, w, h, bytesPerPixel, index int) *Mask {
	m := newMask(w, h)
	for y := 0; y < h; y++ {
		row := pix[offset+y*stride : offset+y*stride+bytesPerPixel*w]
		out := m.Pix[y*w : (y+1)*w]
		for x := range out {
			out[x] = row[bytesPerPixel*x+index]
		}
	}
	return m
}

// palettedGrey converts each palette entry once. An index past the end of
// the palette reads as black, as libpng's zero-filled palette gives.
func palettedGrey(img *image.Paletted, entry func(color.Color) uint8) *Mask {
	var lut [256]uint8
	for i, c := range img.Palette {
		if i < len(lut) {
			lut[i] = entry(c)
		}
	}
	return mapPaletted(img, &lut)
}

func mapPaletted(img *image.Paletted, lut *[256]uint8) *Mask {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	m := newMask(w, h)
	for y := 0; y < h; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):]
		out := m.Pix[y*w : (y+1)*w]
		for x := range out {
			out[x] = lut[row[x]]
		}
	}
	return m
}

// rgb8 returns the 8-bit colour of a palette entry as stored, without
// premultiplying by alpha.
func rgb8(c color.Color) (r, g, b uint32) {
	switch c := c.(type) {
	case color.RGBA:
		return uint32(c.R), uint32(c.G), uint32(c.B)
	case color.NRGBA:
		return uint32(c.R), uint32(c.G), uint32(c.B)
	}
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return uint32(n.R), uint32(n.G), uint32(n.B)
}

// genericGrey handles image types that none of the decoders here returns
// for mask files, through the slow per-pixel interface.
func genericGrey(img image.Image, rule linearGrey) *Mask {
	b := img.Bounds()
	m := newMask(b.Dx(), b.Dy())
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl := rgb8(img.At(x, y))
			m.Pix[i] = rule.of(r, g, bl)
			i++
		}
	}
	return m
}

// jpegGrey returns the luma of a JPEG. OpenCV requests grey output from
// libjpeg, which then returns the decoded Y channel of YCbCr files as it is.
// Go's IDCT differs from libjpeg's by one grey level on 1 to 2.5 % of the
// pixels of quality 50 and 90 test files.
func jpegGrey(img image.Image) *Mask {
	b := img.Bounds()
	switch img := img.(type) {
	case *image.YCbCr:
		return greyPlane(img.Y, img.YStride, img.YOffset(b.Min.X, b.Min.Y), b.Dx(), b.Dy())
	case *image.RGBA:
		// NOTE: a JPEG stored as RGB (Adobe transform 0) is converted with
		// libjpeg's rgb_gray_convert weights; this case was not compared
		// with OpenCV.
		return rgbGrey(img, greyLibjpeg)
	}
	// TODO: CMYK JPEGs go through Go's CMYK to RGB conversion and the libjpeg
	// weights, while OpenCV applies its own CMYK to grey formula.
	return rgbGrey(img, greyLibjpeg)
}

// tiffGrey reproduces OpenCV's TIFF reader, which goes through libtiff's
// RGBA interface for everything except 16-bit grey.
func tiffGrey(img image.Image) *Mask {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch img := img.(type) {
	case *image.RGBA64:
		return rgba16Grey(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, tiff16Grey)
	case *image.NRGBA64:
		return rgba16Grey(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, tiff16Grey)
	case *image.Paletted:
		return palettedGrey(img, tiffPaletteGrey(img.Palette))
	}
	return rgbGrey(img, greyRound14)
}

// tiff16Grey reduces each 16-bit sample to 8 bits the way libtiff's RGBA
// interface does, (v + 128) / 257, and then applies OpenCV's rounding
// conversion.
func tiff16Grey(r, g, b uint32) uint8 {
	return greyRound14.of((r+128)/257, (g+128)/257, (b+128)/257)
}

// tiffPaletteGrey converts TIFF colour map entries, which x/image/tiff keeps
// as 16-bit values. libtiff treats a colour map whose values all fit in 8
// bits as an 8-bit map and otherwise keeps the high byte.
func tiffPaletteGrey(palette color.Palette) func(color.Color) uint8 {
	eightBit := true
	for _, c := range palette {
		r, g, b, _ := c.RGBA()
		if r > 255 || g > 255 || b > 255 {
			eightBit = false
		}
	}
	return func(c color.Color) uint8 {
		r, g, b, _ := c.RGBA()
		if !eightBit {
			r, g, b = r>>8, g>>8, b>>8
		}
		return greyRound14.of(r, g, b)
	}
}

// rgba16Grey converts big-endian 16-bit R, G, B, A pixels with conv,
// ignoring A.
func rgba16Grey(pix []uint8, stride, offset, w, h int, conv func(r, g, b uint32) uint8) *Mask {
	m := newMask(w, h)
	for y := 0; y < h; y++ {
		row := pix[offset+y*stride : offset+y*stride+8*w]
		out := m.Pix[y*w : (y+1)*w]
		for x := range out {
			p := row[8*x : 8*x+6 : 8*x+6]
			r := uint32(p[0])<<8 | uint32(p[1])
			g := uint32(p[2])<<8 | uint32(p[3])
			b := uint32(p[4])<<8 | uint32(p[5])
			out[x] = conv(r, g, b)
		}
	}
	return m
}

// webpGrey reproduces OpenCV's WebP reader: libwebp decodes to BGR and
// cv::cvtColor converts that to grey.
func webpGrey(img image.Image) *Mask {
	switch img := img.(type) {
	case *image.YCbCr:
		return webpLossyGrey(img)
	case *image.NYCbCrA:
		return webpLossyGrey(&img.YCbCr)
	}
	return rgbGrey(img, greyCvtColor)
}

// webpLossyGrey converts VP8 (lossy WebP) samples to RGB with libwebp's
// fixed-point BT.601 formulas (limited range: Y = 16 is black), then to grey.
// Lossy WebP masks with grey content read exactly as OpenCV reads them in
// tests. NOTE: libwebp interpolates the half-resolution chroma between
// neighbours while x/image/webp repeats it, so colour content differs from
// OpenCV by up to 13 grey levels on about a quarter of the pixels of random
// colour test images.
func webpLossyGrey(img *image.YCbCr) *Mask {
	b := img.Bounds()
	m := newMask(b.Dx(), b.Dy())
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			yy := int(img.Y[img.YOffset(x, y)])
			c := img.COffset(x, y)
			u, v := int(img.Cb[c]), int(img.Cr[c])
			luma := yy * 19077 >> 8
			r := vp8Clip8(luma + v*26149>>8 - 14234)
			g := vp8Clip8(luma - u*6419>>8 - v*13320>>8 + 8708)
			bl := vp8Clip8(luma + u*33050>>8 - 17685)
			m.Pix[i] = greyCvtColor.of(r, g, bl)
			i++
		}
	}
	return m
}

// vp8Clip8 drops the 6 fractional bits of libwebp's YUV to RGB arithmetic
// and clamps to 0..255.
func vp8Clip8(v int) uint32 {
	switch {
	case v < 0:
		return 0
	case v >= 256<<6:
		return 255
	}
	return uint32(v >> 6)
}

// alphaMask returns the alpha channel as the mask; 16-bit alpha keeps its
// high byte. parseHeader has checked that the file has an alpha channel.
func alphaMask(img image.Image) *Mask {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch img := img.(type) {
	case *image.NRGBA:
		return channel8(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, 4, 3)
	case *image.RGBA:
		return channel8(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, 4, 3)
	case *image.NRGBA64:
		return channel8(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, 8, 6)
	case *image.RGBA64:
		return channel8(img.Pix, img.Stride, img.PixOffset(b.Min.X, b.Min.Y), w, h, 8, 6)
	case *image.NYCbCrA:
		return greyPlane(img.A, img.AStride, img.AOffset(b.Min.X, b.Min.Y), w, h)
	case *image.Paletted:
		return palettedGrey(img, func(c color.Color) uint8 {
			return color.NRGBAModel.Convert(c).(color.NRGBA).A
		})
	}
	m := newMask(w, h)
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			m.Pix[i] = color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA).A
			i++
		}
	}
	return m
}
