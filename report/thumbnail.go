package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
)

// Overlay colours of MakeThumbnail. They are also the legend colours in
// the HTML report.
var (
	overlayBackground    = color.NRGBA{0, 0, 0, 255}       // GT and prediction both background
	overlayGT            = color.NRGBA{170, 170, 170, 255} // GT foreground, predicted as foreground
	overlayFalsePositive = color.NRGBA{230, 40, 40, 255}   // prediction > 128, GT <= 128
	overlayFalseNegative = color.NRGBA{40, 120, 255, 255}  // GT > 128, prediction <= 128
)

// MakeThumbnail renders one pair as three small PNGs: the GT, the
// prediction and an error overlay. gt and pred are 8-bit masks of
// width×height pixels in row-major order, the prediction already at the GT
// size. The longest side is reduced to maxSide pixels with a box filter,
// so each output pixel averages the input pixels of its block. An image
// that already fits is not enlarged.
//
// The overlay binarises both masks at > 128, as the metrics do, and shows
// correct foreground in grey, false positives (pred > 128, gt <= 128) in
// red, false negatives (gt > 128, pred <= 128) in blue and correct
// background in black. A reduced overlay averages these colours.
func MakeThumbnail(model, name string, gt, pred []uint8, width, height, maxSide int) (Thumbnail, error) {
	switch {
	case width <= 0 || height <= 0:
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: invalid size %dx%d", model, name, width, height)
	case maxSide <= 0:
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: invalid maximum side %d, want at least 1", model, name, maxSide)
	case len(gt) != width*height:
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: GT has %d pixels, want %dx%d = %d", model, name, len(gt), width, height, width*height)
	case len(pred) != width*height:
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: prediction has %d pixels, want %dx%d = %d (resize it to the GT size first)",
			model, name, len(pred), width, height, width*height)
	}

	outW, outH := thumbnailSize(width, height, maxSide)
	gtImg := image.NewGray(image.Rect(0, 0, outW, outH))
	predImg := image.NewGray(image.Rect(0, 0, outW, outH))
	overlay := image.NewNRGBA(image.Rect(0, 0, outW, outH))

	for oy := range outH {
		y0, y1 := oy*height/outH, (oy+1)*height/outH
		for ox := range outW {
			x0, x1 := ox*width/outW, (ox+1)*width/outW
			var gtSum, predSum, r, g, b int
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					gv, pv := gt[y*width+x], pred[y*width+x]
					gtSum += int(gv)
					predSum += int(pv)
					c := overlayColor(gv, pv)
					r += int(c.R)
					g += int(c.G)
					b += int(c.B)
				}
			}
			n := (y1 - y0) * (x1 - x0)
			gtImg.Pix[oy*gtImg.Stride+ox] = roundDiv(gtSum, n)
			predImg.Pix[oy*predImg.Stride+ox] = roundDiv(predSum, n)
			i := oy*overlay.Stride + 4*ox
			overlay.Pix[i+0] = roundDiv(r, n)
			overlay.Pix[i+1] = roundDiv(g, n)
			overlay.Pix[i+2] = roundDiv(b, n)
			overlay.Pix[i+3] = 255
		}
	}

	t := Thumbnail{Model: model, Name: name}
	var err error
	if t.GT, err = encodePNG(gtImg); err != nil {
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: encode GT: %w", model, name, err)
	}
	if t.Pred, err = encodePNG(predImg); err != nil {
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: encode prediction: %w", model, name, err)
	}
	if t.ErrorOverlay, err = encodePNG(overlay); err != nil {
		return Thumbnail{}, fmt.Errorf("thumbnail %s/%s: encode overlay: %w", model, name, err)
	}
	return t, nil
}

// thumbnailSize scales width×height so that the longest side is at most
// maxSide, rounding to the nearest pixel and keeping each side at least 1.
func thumbnailSize(width, height, maxSide int) (int, int) {
	longest := max(width, height)
	if longest <= maxSide {
		return width, height
	}
	w := max(1, (width*maxSide+longest/2)/longest)
	h := max(1, (height*maxSide+longest/2)/longest)
	return w, h
}

func overlayColor(gt, pred uint8) color.NRGBA {
	gtFG, predFG := gt > 128, pred > 128
	switch {
	case predFG && !gtFG:
		return overlayFalsePositive
	case gtFG && !predFG:
		return overlayFalseNegative
	case gtFG:
		return overlayGT
	default:
		return overlayBackground
	}
}

// roundDiv returns sum/n rounded half up, for sums of 8-bit values.
func roundDiv(sum, n int) uint8 {
	return uint8((sum + n/2) / n)
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
