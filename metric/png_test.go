package metric

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

// readGreyPNG decodes a PNG into 8-bit grey values the way
// cv2.imread(path, IMREAD_GRAYSCALE) does for the files in testdata: grey as
// is (image/png already expands 1-, 2- and 4-bit grey), 16-bit grey by its
// high byte, colour by libpng's truncating (9797·R + 19234·G + 3737·B) >> 15
// on non-premultiplied 8-bit values, alpha dropped. It is a test helper, kept
// apart from imgio so that the metric tests do not depend on that package.
func readGreyPNG(path string) (pix []uint8, width, height int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("decode %s: %w", path, err)
	}

	b := m.Bounds()
	width, height = b.Dx(), b.Dy()
	pix = make([]uint8, 0, width*height)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			pix = append(pix, greyAt(m, x, y))
		}
	}
	return pix, width, height, nil
}

func greyAt(m image.Image, x, y int) uint8 {
	switch m := m.(type) {
	case *image.Gray:
		return m.GrayAt(x, y).Y
	case *image.Gray16:
		return uint8(m.Gray16At(x, y).Y >> 8)
	case *image.NRGBA:
		c := m.NRGBAAt(x, y)
		return luma(c.R, c.G, c.B)
	case *image.NRGBA64:
		c := m.NRGBA64At(x, y)
		return luma(uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8))
	case *image.Paletted:
		c := color.NRGBAModel.Convert(m.Palette[m.ColorIndexAt(x, y)]).(color.NRGBA)
		return luma(c.R, c.G, c.B)
	}
	// Opaque RGB decodes to RGBA or RGBA64, where premultiplied equals
	// non-premultiplied.
	c := color.NRGBA64Model.Convert(m.At(x, y)).(color.NRGBA64)
	return luma(uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8))
}

func luma(r, g, b uint8) uint8 {
	return uint8((9797*uint32(r) + 19234*uint32(g) + 3737*uint32(b)) >> 15)
}
