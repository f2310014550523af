package eval

import (
	"fmt"
	"math"
	"path/filepath"

	"github.com/birefloss/birefloss/imgio"
	"github.com/birefloss/birefloss/loss"
	"github.com/birefloss/birefloss/metric"
	"github.com/birefloss/birefloss/report"
)

// pairResult is one (model, image) pair as computed by a worker.
type pairResult struct {
	row      report.Row
	metrics  *metric.Image // nil when metrics are off or the pair failed
	resized  *report.Resized
	zeroOne  []string
	warnings []string
}

// worker owns the scratch buffers of one goroutine.
type worker struct {
	plan     *Plan
	lossWS   loss.Workspace
	metWS    metric.Workspace
	g, p     []float64
	level    []float64
	levelIn  []float64
	compute  loss.Set // reported components plus those the total needs
	weighted loss.Set
}

func newWorker(p *Plan) *worker {
	w := &worker{plan: p}
	for c := loss.Component(0); c < loss.NumComponents; c++ {
		weighted := !c.Informational() && p.opts.Weights[c.Key()] != 0
		w.weighted[c] = weighted
		w.compute[c] = p.opts.Losses[c] || weighted
	}
	return w
}

// grow returns buf resized to n elements, reusing its storage when it can.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// process computes every model's pair for one GT name.
func (w *worker) process(j job) jobResult {
	opts := &w.plan.opts
	res := jobResult{index: j.index, perModel: make([]*pairResult, len(j.preds))}

	gt, gtInfo, gtErr := imgio.Read(j.gt, gtReadOptions(opts.Read))
	var gtNotes []string
	if gtErr == nil && gtInfo.ZeroOne {
		gtNotes = append(gtNotes, j.gt)
		if opts.ScaleZeroOne {
			imgio.ScaleZeroOne(gt)
		}
	}
	if gtErr == nil {
		n := gt.Width * gt.Height
		w.g = grow(w.g, n)
		for i, v := range gt.Pix {
			w.g[i] = float64(v) / 255
		}
	}

	for mi, predPath := range j.preds {
		if predPath == "" {
			continue
		}
		r := &pairResult{row: report.Row{Name: j.name, GTFile: j.gt, PredFile: predPath}}
		r.zeroOne = append(r.zeroOne, gtNotes...)
		if gtErr != nil {
			w.fail(r, gtErr)
		} else {
			r.row.Width, r.row.Height = gt.Width, gt.Height
			w.computeSafely(r, mi, j.name, gt, predPath)
		}
		pairDone(opts)
		res.perModel[mi] = r
	}
	return res
}

func pairDone(opts *Options) {
	if opts.PairDone != nil {
		opts.PairDone()
	}
}

// fail marks the pair as failed: every value NaN and the reason recorded.
func (w *worker) fail(r *pairResult, err error) {
	r.row.Err = err.Error()
	r.row.Values = nanValues(len(w.plan.run.LossKeys) + len(w.plan.run.MetricKeys))
	r.metrics = nil
}

func nanValues(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = math.NaN()
	}
	return v
}

// loadPrediction reads a prediction and brings it to the GT size. It
// returns the prediction as values in [0,1] in w.p, and its 8-bit levels
// when they are exact (no resize, or an 8-bit bilinear resize).
func (w *worker) loadPrediction(r *pairResult, path string, gt *imgio.Mask) ([]uint8, error) {
	opts := &w.plan.opts
	pred, info, err := imgio.Read(path, opts.Read)
	if err != nil {
		return nil, err
	}
	if info.Transparent {
		r.warnings = append(r.warnings, fmt.Sprintf("%s: has transparent pixels, so it is probably a cut-out whose mask is its alpha channel, but its colour was read; pass --alpha to read the alpha channel", path))
	}
	if info.ZeroOne {
		r.zeroOne = append(r.zeroOne, path)
		if opts.ScaleZeroOne {
			imgio.ScaleZeroOne(pred)
		}
	}
	n := gt.Width * gt.Height
	w.p = grow(w.p, n)
	if pred.Width == gt.Width && pred.Height == gt.Height {
		for i, v := range pred.Pix {
			w.p[i] = float64(v) / 255
		}
		return pred.Pix, nil
	}

	if opts.Resize == imgio.ResizeError {
		return nil, fmt.Errorf("%s: size %dx%d differs from the GT %s (%dx%d); pass --resize bilinear or --resize align-corners to resize the prediction",
			path, pred.Width, pred.Height, filepath.Base(r.row.GTFile), gt.Width, gt.Height)
	}
	r.resized = &report.Resized{Name: r.row.Name, FromWidth: pred.Width, FromHeight: pred.Height, ToWidth: gt.Width, ToHeight: gt.Height}
	r.row.Resized = true
	switch opts.Resize {
	case imgio.ResizeAlignCorners:
		w.levelIn = grow(w.levelIn, pred.Width*pred.Height)
		for i, v := range pred.Pix {
			w.levelIn[i] = float64(v) / 255
		}
		imgio.ResizeFloatAlignCorners(w.levelIn, pred.Width, pred.Height, w.p, gt.Width, gt.Height)
		return nil, nil
	default:
		resized := imgio.ResizeLinear(pred, gt.Width, gt.Height)
		for i, v := range resized.Pix {
			w.p[i] = float64(v) / 255
		}
		return resized.Pix, nil
	}
}

// computeSafely runs computePair and turns a panic into a failed pair, so
// that a bug met by one pair does not lose the results of the others. A
// panic in GT decoding or aggregation is not caught here.
func (w *worker) computeSafely(r *pairResult, mi int, name string, gt *imgio.Mask, predPath string) {
	defer func() {
		if v := recover(); v != nil {
			w.fail(r, fmt.Errorf("%s: internal error: %v (please report it with this file)", predPath, v))
			// The workspaces may be half-updated: start the next pair afresh.
			w.lossWS = loss.Workspace{}
			w.metWS = metric.Workspace{}
		}
	}()
	w.computePair(r, mi, name, gt, predPath)
}

// computePair fills r for model mi.
func (w *worker) computePair(r *pairResult, mi int, name string, gt *imgio.Mask, predPath string) {
	opts := &w.plan.opts
	run := w.plan.run
	p8, err := w.loadPrediction(r, predPath, gt)
	if err != nil {
		w.fail(r, err)
		return
	}
	n := gt.Width * gt.Height
	values := make([]float64, 0, len(run.LossKeys)+len(run.MetricKeys))

	if len(run.LossKeys) > 0 {
		in := loss.Input{Width: gt.Width, Height: gt.Height, P: w.p[:n], G: w.g[:n], P8: p8, G8: gt.Pix}
		lv := w.lossWS.Compute(in, w.compute)
		if w.compute[loss.Cnt] && (gt.Width < 3 || gt.Height < 3) {
			r.warnings = append(r.warnings, fmt.Sprintf("%s: image is %dx%d, under 3 pixels in width or height, so loss_cnt is undefined (NaN)", r.row.GTFile, gt.Width, gt.Height))
		}
		for c := loss.Component(0); c < loss.NumComponents; c++ {
			if opts.Losses[c] {
				values = append(values, lv[c])
			}
		}
		total := opts.Weights.Total(lv)
		total += w.levelTotals(r, mi, name, gt)
		if hasCls(opts) {
			cls := w.clsLoss(r, mi, name)
			values = append(values, cls)
			if opts.Models[mi].Cls != nil {
				total += cls
			}
		}
		values = append(values, total)
	}

	if !opts.MetricsOff {
		img := w.metWS.Compute(gt.Pix, w.p[:n], gt.Width, gt.Height, opts.Metrics)
		values = append(values, img.Values(opts.Metrics)...)
		r.metrics = img
	}
	r.row.Values = values
}

// hasCls reports whether any model has classification logits, which adds
// the loss_cls column.
func hasCls(opts *Options) bool {
	for _, m := range opts.Models {
		if m.Cls != nil {
			return true
		}
	}
	return false
}

// clsLoss is lambdas_cls["ce"] times the cross-entropy of the image's class
// logits, NaN (with a warning) when the model's file has no row for it, and
// NaN without a warning when the model has no classification file.
func (w *worker) clsLoss(r *pairResult, mi int, name string) float64 {
	m := w.plan.opts.Models[mi]
	if m.Cls == nil {
		return math.NaN()
	}
	s, ok := m.Cls[name]
	if !ok {
		r.warnings = append(r.warnings, fmt.Sprintf("%s: no row for image %q, so loss_cls and loss_total are NaN", m.ClsFile, name))
		return math.NaN()
	}
	ce, err := loss.CrossEntropy(s.Logits, s.Label)
	if err != nil {
		r.warnings = append(r.warnings, fmt.Sprintf("%s: image %q: %v", m.ClsFile, name, err))
		return math.NaN()
	}
	return w.plan.opts.ClsWeight * ce
}

// levelTotals adds the weighted components of every extra prediction level.
// Each level is resized to the GT size with align-corners bilinear
// interpolation, as BiRefNet's PixLoss resizes its side outputs. A level
// file that is missing or unreadable makes the total NaN, with a warning.
func (w *worker) levelTotals(r *pairResult, mi int, name string, gt *imgio.Mask) float64 {
	opts := &w.plan.opts
	total := 0.0
	for li, files := range w.plan.levels[mi] {
		dir := opts.Models[mi].Levels[li]
		path, ok := files[name]
		if !ok || path == "" {
			reason := "no file"
			if ok {
				reason = "several files"
			}
			r.warnings = append(r.warnings, fmt.Sprintf("%s: %s for image %q, so loss_total is NaN", dir, reason, name))
			return math.NaN()
		}
		m, _, err := imgio.Read(path, opts.Read)
		if err != nil {
			r.warnings = append(r.warnings, fmt.Sprintf("level prediction %v, so loss_total is NaN", err))
			return math.NaN()
		}
		n := gt.Width * gt.Height
		w.levelIn = grow(w.levelIn, m.Width*m.Height)
		for i, v := range m.Pix {
			w.levelIn[i] = float64(v) / 255
		}
		var p8 []uint8
		w.level = grow(w.level, n)
		if m.Width == gt.Width && m.Height == gt.Height {
			copy(w.level, w.levelIn)
			p8 = m.Pix
		} else {
			imgio.ResizeFloatAlignCorners(w.levelIn, m.Width, m.Height, w.level, gt.Width, gt.Height)
		}
		in := loss.Input{Width: gt.Width, Height: gt.Height, P: w.level[:n], G: w.g[:n], P8: p8, G8: gt.Pix}
		total += opts.Weights.Total(w.lossWS.Compute(in, w.weighted))
	}
	return total
}
