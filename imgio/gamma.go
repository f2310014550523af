package imgio

import "math"

// This file reproduces how libpng 1.6.39 converts colour to grey when a PNG
// declares its gamma: png_set_rgb_to_gray then works in linear light. The
// steps are libpng's, with its fixed-point values (×100000) and rounding:
//
//   - The file gamma g comes from gAMA or sRGB (sRGB means 0.45455). OpenCV
//     sets no screen gamma, so libpng takes screen = 1/g.
//   - Tables are built only when g or the screen gamma differs from 1 by more
//     than 0.05. Otherwise the plain truncating conversion applies.
//   - 8-bit samples: a colour pixel becomes
//     fromLinear[(9797·toLinear[R] + 19234·toLinear[G] + 3737·toLinear[B] + 16384) >> 15],
//     with toLinear[v] = round(255·(v/255)^(1/g)) and fromLinear[v] =
//     round(255·(v/255)^(1/screen)). Note the rounding (+16384), which the
//     plain conversion does not have. A pixel with R = G = B keeps its value.
//   - 16-bit samples: the same in 16 bits, with the tables indexed by the top
//     11 bits of the sample (fewer with a smaller sBIT value), and R = G = B pixels
//     rounded to 8 bits through libpng's 16-to-8 table. png_set_strip_16 then
//     keeps the high byte.
//
// The floating-point expressions match libpng's so that each table entry
// rounds the same way.

const (
	pngFixedOne        = 100000 // libpng's fixed-point 1.0
	pngGammaThreshold  = 5000   // PNG_GAMMA_THRESHOLD_FIXED: 0.05
	pngSRGBGamma       = 45455  // PNG_GAMMA_sRGB_INVERSE
	pngMaxGamma8Bits   = 11     // PNG_MAX_GAMMA_8: sample bits kept by 16-bit tables
	pngMinGammaFixed   = 16     // smallest gAMA value libpng accepts
	pngMaxGammaFixed   = 625000000
	pngSRGBIntentCount = 4
)

// pngColorspace follows libpng's colorspace flags through the gAMA and sRGB
// chunks (png_colorspace_set_gamma, png_colorspace_set_sRGB).
type pngColorspace struct {
	gamma     int64
	haveGamma bool
	fromGAMA  bool
	fromSRGB  bool
	// haveIntent is set by the first sRGB chunk, invalid by an error that
	// makes libpng ignore every later colorspace chunk. An invalid
	// colorspace keeps the gamma that was already set.
	haveIntent bool
	invalid    bool
}

func (cs *pngColorspace) setGAMA(g int64) {
	switch {
	case g < pngMinGammaFixed || g > pngMaxGammaFixed:
		cs.invalid = true // "gamma value out of range"
	case cs.fromGAMA:
		cs.invalid = true // "duplicate"
	case cs.invalid:
	case cs.checkGamma(g, false):
		cs.gamma, cs.haveGamma, cs.fromGAMA = g, true, true
	}
}

func (cs *pngColorspace) setSRGB(intent byte) {
	switch {
	case cs.invalid:
	case cs.haveIntent, intent >= pngSRGBIntentCount:
		cs.invalid = true // "too many profiles", "invalid sRGB rendering intent"
	default:
		cs.checkGamma(pngSRGBGamma, true)
		cs.gamma, cs.haveGamma, cs.fromSRGB, cs.haveIntent = pngSRGBGamma, true, true, true
	}
}

// checkGamma reports whether a new gamma value may replace the current one
// (png_colorspace_check_gamma): on a conflict of more than 0.05, an sRGB
// chunk wins over a gAMA chunk whatever their order.
func (cs *pngColorspace) checkGamma(g int64, fromSRGB bool) bool {
	if !cs.haveGamma {
		return true
	}
	ratio, ok := pngMuldiv(cs.gamma, pngFixedOne, g)
	if ok && !pngGammaSignificant(ratio) {
		return true
	}
	if cs.fromSRGB || fromSRGB {
		return fromSRGB
	}
	return true
}

func pngGammaSignificant(g int64) bool {
	return g < pngFixedOne-pngGammaThreshold || g > pngFixedOne+pngGammaThreshold
}

// pngFixed rounds a double to libpng's fixed point, or returns 0 when it does
// not fit in 32 bits, as png_reciprocal and its relatives do.
func pngFixed(r float64) int64 {
	r = math.Floor(r + .5)
	if r <= math.MaxInt32 && r >= math.MinInt32 {
		return int64(r)
	}
	return 0
}

func pngReciprocal(a int64) int64 { return pngFixed(1e10 / float64(a)) }

func pngReciprocal2(a, b int64) int64 {
	r := 1e15 / float64(a)
	return pngFixed(r / float64(b))
}

func pngProduct2(a, b int64) int64 {
	r := float64(a) * 1e-5
	return pngFixed(r * float64(b))
}

func pngMuldiv(a, times, divisor int64) (int64, bool) {
	if divisor == 0 {
		return 0, false
	}
	r := float64(a) * float64(times) / float64(divisor)
	r = math.Floor(r + .5)
	if r > math.MaxInt32 || r < math.MinInt32 {
		return 0, false
	}
	return int64(r), true
}

// pngGamma holds the tables for one file; both are nil when libpng would use
// the plain conversion.
type pngGamma struct {
	table8  *gammaTables8
	table16 *gammaTables16
}

type gammaTables8 struct {
	toLinear, fromLinear, equal [256]uint8
}

type gammaTables16 struct {
	shift                       uint
	toLinear, fromLinear, equal []uint16
}

// newPNGGamma builds the tables libpng builds for a colour image with file
// gamma g (0 for none), sBIT depth sigBits (0 for none) and bit depth
// bitDepth.
func newPNGGamma(g int64, sigBits, bitDepth uint8) pngGamma {
	if g == 0 {
		return pngGamma{}
	}
	screen := pngReciprocal(g)
	if !pngGammaSignificant(g) && !pngGammaSignificant(screen) {
		return pngGamma{}
	}
	if bitDepth <= 8 {
		t := &gammaTables8{}
		build8(&t.toLinear, pngReciprocal(g))
		build8(&t.fromLinear, pngReciprocal(screen))
		build8(&t.equal, pngReciprocal2(g, screen))
		return pngGamma{table8: t}
	}

	// png_build_gamma_table: the tables drop the bits that sBIT marks as
	// insignificant, and always at least 16 - PNG_MAX_GAMMA_8 bits because
	// the output is 8 bits.
	shift := uint(0)
	if sigBits > 0 && sigBits < 16 {
		shift = 16 - uint(sigBits)
	}
	shift = min(max(shift, 16-pngMaxGamma8Bits), 8)
	return pngGamma{table16: &gammaTables16{
		shift:      shift,
		toLinear:   build16(shift, pngReciprocal(g)),
		fromLinear: build16(shift, pngReciprocal(screen)),
		equal:      build16to8(shift, pngProduct2(g, screen)),
	}}
}

func (t *gammaTables8) grey(r, g, b uint32) uint8 {
	if r == g && r == b {
		return t.equal[r]
	}
	rl, gl, bl := uint32(t.toLinear[r]), uint32(t.toLinear[g]), uint32(t.toLinear[b])
	return t.fromLinear[(greyPNG8.r*rl+greyPNG8.g*gl+greyPNG8.b*bl+1<<14)>>15]
}

// grey16 converts one 16-bit colour pixel to 8 bits, with or without gamma.
func (g pngGamma) grey16(r, gr, b uint32) uint8 {
	t := g.table16
	if t == nil {
		return greyPNG16.of(r, gr, b)
	}
	var w uint16
	if r == gr && r == b {
		w = t.equal[r>>t.shift]
	} else {
		rl, gl, bl := uint32(t.toLinear[r>>t.shift]), uint32(t.toLinear[gr>>t.shift]), uint32(t.toLinear[b>>t.shift])
		grey16 := (greyPNG8.r*rl + greyPNG8.g*gl + greyPNG8.b*bl + 1<<14) >> 15
		w = t.fromLinear[grey16>>t.shift]
	}
	return uint8(w >> 8)
}

// build8 is png_build_8bit_table: identity unless gamma is significant.
func build8(table *[256]uint8, gamma int64) {
	for i := range table {
		table[i] = uint8(i)
	}
	if !pngGammaSignificant(gamma) {
		return
	}
	exp := float64(gamma) * .00001
	for i := 1; i < 255; i++ {
		// float64(...) stops the compiler from fusing the multiply and add,
		// which would change the rounding of values near a half.
		table[i] = uint8(math.Floor(float64(255*math.Pow(float64(i)/255., exp)) + .5))
	}
}

// build16 is png_build_16bit_table, flattened: entry v >> shift.
func build16(shift uint, gamma int64) []uint16 {
	n := 1 << (16 - shift)
	maxIn := uint32(n - 1)
	table := make([]uint16, n)
	if pngGammaSignificant(gamma) {
		fmax := 1.0 / float64(maxIn)
		exp := float64(gamma) * .00001
		for i := range table {
			table[i] = uint16(math.Floor(float64(65535.*math.Pow(float64(i)*fmax, exp)) + .5))
		}
		return table
	}
	for i := range table {
		v := uint32(i)
		if shift != 0 {
			v = (v*65535 + 1<<(15-shift)) / maxIn
		}
		table[i] = uint16(v)
	}
	return table
}

// build16to8 is png_build_16to8_table, flattened: for each 8-bit output i it
// finds the inputs closest to i·257 after gamma correction.
func build16to8(shift uint, gamma int64) []uint16 {
	n := uint32(1) << (16 - shift)
	maxIn := n - 1
	table := make([]uint16, n)
	last := uint32(0)
	for i := uint32(0); i < 255; i++ {
		out := uint16(i * 257)
		bound := uint32(gamma16Correct(uint32(out)+128, gamma))
		bound = (bound*maxIn+32768)/65535 + 1
		for ; last < bound && last < n; last++ {
			table[last] = out
		}
	}
	for ; last < n; last++ {
		table[last] = 65535
	}
	return table
}

// gamma16Correct is png_gamma_16bit_correct.
func gamma16Correct(v uint32, gamma int64) uint16 {
	if v == 0 || v >= 65535 {
		return uint16(v)
	}
	r := math.Floor(float64(65535*math.Pow(float64(v)/65535., float64(gamma)*.00001)) + .5)
	return uint16(r)
}
