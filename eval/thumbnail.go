package eval

import (
	"errors"
	"math"

	"github.com/birefloss/birefloss/imgio"
	"github.com/birefloss/birefloss/report"
)

// Thumbnails renders the k worst pairs of every model (report.WorstRows)
// and, with several models, the pairs of the largest per-image changes
// between models (report.DeltaRows), for the report. It reads those files
// again, as the evaluation read them, instead of keeping images in memory
// during the run. A pair whose files can no longer be read is left out.
func (p *Plan) Thumbnails(k, maxSide int) []report.Thumbnail {
	var refs []report.RowRef
	for mi := range p.run.Models {
		for _, ri := range report.WorstRows(&p.run.Models[mi], p.run, k) {
			refs = append(refs, report.RowRef{Model: mi, Row: ri})
		}
	}
	if k > 0 {
		refs = append(refs, report.DeltaRows(p.run, k)...)
	}

	var thumbs []report.Thumbnail
	done := make(map[report.RowRef]bool, len(refs))
	for _, ref := range refs {
		if done[ref] {
			continue
		}
		done[ref] = true
		m := &p.run.Models[ref.Model]
		row := m.Rows[ref.Row]
		if row.Err != "" {
			continue
		}
		gt, pred, err := ReadPair8(row.GTFile, row.PredFile, p.opts.Read, p.opts.ScaleZeroOne, p.opts.Resize)
		if err != nil {
			continue
		}
		t, err := report.MakeThumbnail(m.Name, row.Name, gt.Pix, pred, gt.Width, gt.Height, maxSide)
		if err != nil {
			continue
		}
		thumbs = append(thumbs, t)
	}
	return thumbs
}

// ReadPair8 reads a GT mask and a prediction with the read options and
// returns the GT and the prediction as 8-bit levels at the GT size. With
// scaleZeroOne, a file whose only values are 0 and 1 is read as 0 and 255.
// A prediction of another size is resized as the evaluation resizes it:
// ResizeBilinear with imgio.ResizeLinear, ResizeAlignCorners with
// imgio.ResizeFloatAlignCorners on values in [0,1], rounded back to levels.
// For any other mode, ResizeError among them, a size mismatch is an error.
func ReadPair8(gtPath, predPath string, read imgio.ReadOptions, scaleZeroOne bool, resize imgio.ResizeMode) (*imgio.Mask, []uint8, error) {
	gt, gtInfo, err := imgio.Read(gtPath, gtReadOptions(read))
	if err != nil {
		return nil, nil, err
	}
	pred, predInfo, err := imgio.Read(predPath, read)
	if err != nil {
		return nil, nil, err
	}
	if scaleZeroOne {
		if gtInfo.ZeroOne {
			imgio.ScaleZeroOne(gt)
		}
		if predInfo.ZeroOne {
			imgio.ScaleZeroOne(pred)
		}
	}
	if pred.Width == gt.Width && pred.Height == gt.Height {
		return gt, pred.Pix, nil
	}
	switch resize {
	case imgio.ResizeAlignCorners:
		src := make([]float64, len(pred.Pix))
		for i, v := range pred.Pix {
			src[i] = float64(v) / 255
		}
		dst := make([]float64, gt.Width*gt.Height)
		imgio.ResizeFloatAlignCorners(src, pred.Width, pred.Height, dst, gt.Width, gt.Height)
		out := make([]uint8, len(dst))
		for i, v := range dst {
			out[i] = uint8(math.Round(255 * v))
		}
		return gt, out, nil
	case imgio.ResizeBilinear:
		return gt, imgio.ResizeLinear(pred, gt.Width, gt.Height).Pix, nil
	}
	return nil, nil, errors.New("prediction and GT sizes differ, and the run's resize mode does not resize")
}

// gtReadOptions returns the read options of GT files: those of predictions
// without the alpha option, which selects the mask of cut-out predictions.
func gtReadOptions(read imgio.ReadOptions) imgio.ReadOptions {
	read.Alpha = false
	return read
}
