package loss

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

// readGray decodes a PNG mask into 8-bit grey levels with the rules of
// OpenCV's IMREAD_GRAYSCALE that the reference values were computed with:
// grey as is (1-bit already expanded to 0/255 by image/png), 16-bit keeps
// the high byte, colour becomes (9797·R + 19234·G + 3737·B) >> 15 on the
// stored (not premultiplied) values, palettes are expanded first, and alpha
// is dropped without compositing.
func readGray(path string) (levels []uint8, width, height int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("decode %s: %w", path, err)
	}

	b := img.Bounds()
	width, height = b.Dx(), b.Dy()
	if g, ok := img.(*image.Gray); ok {
		levels = make([]uint8, 0, width*height)
		for y := range height {
			levels = append(levels, g.Pix[y*g.Stride:y*g.Stride+width]...)
		}
		return levels, width, height, nil
	}
	levels = make([]uint8, 0, width*height)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v, err := grayAt(img, x, y)
			if err != nil {
				return nil, 0, 0, fmt.Errorf("%s: %w", path, err)
			}
			levels = append(levels, v)
		}
	}
	return levels, width, height, nil
}

func grayAt(img image.Image, x, y int) (uint8, error) {
	switch m := img.(type) {
	case *image.Gray:
		return m.GrayAt(x, y).Y, nil
	case *image.Gray16:
		return uint8(m.Gray16At(x, y).Y >> 8), nil
	case *image.RGBA:
		c := m.RGBAAt(x, y)
		return luma(c.R, c.G, c.B), nil
	case *image.NRGBA:
		c := m.NRGBAAt(x, y)
		return luma(c.R, c.G, c.B), nil
	case *image.RGBA64:
		c := m.RGBA64At(x, y)
		return luma(uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8)), nil
	case *image.NRGBA64:
		c := m.NRGBA64At(x, y)
		return luma(uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8)), nil
	case *image.Paletted:
		switch c := m.Palette[m.ColorIndexAt(x, y)].(type) {
		case color.RGBA:
			return luma(c.R, c.G, c.B), nil
		case color.NRGBA:
			return luma(c.R, c.G, c.B), nil
		default:
			return 0, fmt.Errorf("unsupported palette colour %T", c)
		}
	}
	return 0, fmt.Errorf("unsupported PNG image type %T", img)
}

// luma is OpenCV's fixed-point RGB-to-grey rule; the weights add up to
// 2^15, so R = G = B gives that value back.
func luma(r, g, b uint8) uint8 {
	return uint8((9797*uint32(r) + 19234*uint32(g) + 3737*uint32(b)) >> 15)
}
