package eval

import (
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
		gt, pred, err := p.readPair8(row.GTFile, row.PredFile)
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

// readPair8 reads a pair and returns the prediction as 8-bit levels at the
// GT size, resized the way the evaluation resized it.
func (p *Plan) readPair8(gtPath, predPath string) (*imgio.Mask, []uint8, error) {
	opts := &p.opts
	gt, gtInfo, err := imgio.Read(gtPath, opts.Read)
	if err != nil {
		return nil, nil, err
	}
	pred, predInfo, err := imgio.Read(predPath, opts.Read)
	if err != nil {
		return nil, nil, err
	}
	if opts.ScaleZeroOne {
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
	if opts.Resize != imgio.ResizeAlignCorners {
		return gt, imgio.ResizeLinear(pred, gt.Width, gt.Height).Pix, nil
	}
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
}
