// Package eval runs an evaluation: it pairs every model's prediction files
// with the ground-truth files, computes the loss components and metrics of
// each pair on a bounded pool of goroutines, and aggregates the results in
// input order into a report.Run.
package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/birefloss/birefloss/imgio"
	"github.com/birefloss/birefloss/loss"
	"github.com/birefloss/birefloss/metric"
	"github.com/birefloss/birefloss/report"
)

// Model is one prediction folder to evaluate.
type Model struct {
	Name    string
	PredDir string
	// Levels are folders of extra prediction levels (side outputs) whose
	// files pair with the GT by name like the main prediction.
	Levels []string
	// Cls holds class logits per image name for the classification loss;
	// nil when the model has none.
	Cls     map[string]ClsSample
	ClsFile string
}

// Options configures an evaluation.
type Options struct {
	GTDir        string
	Models       []Model
	Read         imgio.ReadOptions
	ScaleZeroOne bool // read {0,1} masks as {0,255}
	Pair         imgio.PairOptions
	Resize       imgio.ResizeMode

	Losses    loss.Set     // loss columns to report; empty set: no loss columns
	Weights   loss.Weights // lambdas_pix_last in force
	ClsWeight float64      // lambdas_cls["ce"]
	Task      string
	Config    string // config file the weights came from, if any

	Metrics    metric.Set
	MetricsOff bool // no metric columns at all

	Workers int // goroutines computing pairs; 0 means runtime.NumCPU()

	// PairDone, if set, is called once per finished (model, image) pair,
	// from several goroutines at once.
	PairDone func()

	Version string
}

// Plan is a paired evaluation, ready to run.
type Plan struct {
	opts     Options
	gtNames  []string // the evaluation set, sorted: GT names paired in at least one model
	gtFiles  map[string]string
	pairings []*imgio.Pairing
	levels   [][]map[string]string // per model, per level: name → file
	run      *report.Run
	pairs    int
}

// Pairs returns the number of (model, image) pairs the plan computes.
func (p *Plan) Pairs() int { return p.pairs }

// OnPairDone sets Options.PairDone, for a progress display that needs the
// number of pairs before it starts.
func (p *Plan) OnPairDone(f func()) { p.opts.PairDone = f }

// Run returns the run record that Execute fills.
func (p *Plan) Run() *report.Run { return p.run }

// NewPlan pairs the files of every model with the GT folder. It fails when
// a folder cannot be read or the GT folder has no masks. Missing, extra,
// ambiguous and skipped files are recorded in the plan's run instead.
func NewPlan(opts Options) (*Plan, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	p := &Plan{opts: opts, gtFiles: make(map[string]string)}
	p.run = newRun(opts)

	inSet := make(map[string]bool)
	for mi, m := range opts.Models {
		pairing, err := imgio.PairFolders(opts.GTDir, m.PredDir, opts.Pair)
		if err != nil {
			return nil, err
		}
		p.pairings = append(p.pairings, pairing)
		rm := &p.run.Models[mi]
		rm.Missing = pairing.Missing
		rm.Extra = pairing.Extra
		for _, f := range pairing.Ignored {
			reason := "not a .png, .jpg, .jpeg, .bmp, .tif, .tiff or .webp file"
			switch strings.ToLower(filepath.Ext(f)) {
			case ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp":
				reason = "its name lacks the prefix or suffix to strip (--pred-prefix, --pred-suffix, --gt-prefix, --gt-suffix)"
			}
			rm.Warnings = append(rm.Warnings, fmt.Sprintf("%s: skipped: %s", f, reason))
		}
		for _, a := range pairing.PredAmbiguous {
			rm.Ambiguous = append(rm.Ambiguous, report.Ambiguous{Name: a.Name, Files: a.Files})
		}
		if mi == 0 {
			for _, a := range pairing.GTAmbiguous {
				p.run.GTAmbiguous = append(p.run.GTAmbiguous, report.Ambiguous{Name: a.Name, Files: a.Files})
			}
		}
		for _, pr := range pairing.Pairs {
			inSet[pr.Name] = true
			p.gtFiles[pr.Name] = pr.GT
		}
		p.pairs += len(pairing.Pairs)

		var levels []map[string]string
		for _, dir := range m.Levels {
			names, _, err := imgio.ListMasks(dir, opts.Pair.PredPrefix, opts.Pair.PredSuffix)
			if err != nil {
				return nil, fmt.Errorf("model %s: level folder: %w", m.Name, err)
			}
			files := make(map[string]string, len(names))
			for name, paths := range names {
				if len(paths) == 1 {
					files[name] = paths[0]
				} else {
					files[name] = "" // ambiguous: the pair fails with a message naming the files
				}
			}
			levels = append(levels, files)
		}
		p.levels = append(p.levels, levels)
	}
	for name := range inSet {
		p.gtNames = append(p.gtNames, name)
	}
	sort.Strings(p.gtNames)
	p.run.GTCount = countGT(p.pairings)
	for mi, m := range opts.Models {
		if w := unknownClsNames(m, p.pairings[mi]); w != "" {
			p.run.Models[mi].Warnings = append(p.run.Models[mi].Warnings, w)
		}
		if m.Cls == nil && hasCls(&opts) && len(p.run.LossKeys) > 0 {
			p.run.Models[mi].Warnings = append(p.run.Models[mi].Warnings, fmt.Sprintf(
				"model %s has no --cls file, so its loss_total leaves out the classification loss that other models' totals include: the totals are not comparable", m.Name))
		}
	}
	if p.run.GTCount == 0 && len(p.run.GTAmbiguous) == 0 {
		return nil, fmt.Errorf("no mask files in the GT folder %s: expected .png, .jpg, .jpeg, .bmp, .tif, .tiff or .webp files", opts.GTDir)
	}
	return p, nil
}

// countGT is the size of the evaluation set defined by the GT folder: the
// paired, missing and prediction-ambiguous names of any model (they are
// the same GT names).
func countGT(pairings []*imgio.Pairing) int {
	if len(pairings) == 0 {
		return 0
	}
	p := pairings[0]
	return len(p.Pairs) + len(p.Missing) + len(p.PredAmbiguous)
}

// job is one GT name and, per model, the prediction file to pair with it
// ("" when the model has none).
type job struct {
	index int
	name  string
	gt    string
	preds []string
}

// jobResult holds a worker's results for one GT name.
type jobResult struct {
	index    int
	perModel []*pairResult // nil where the model has no prediction
}

// Execute computes every pair and aggregates the results. Results are added
// in GT name order whatever the worker count, so the run, and every output
// rendered from it, is identical for 1 or N workers. At most a few results
// per worker wait for aggregation at any time, so memory depends on the
// worker count and the image size, not on the number of images.
func (p *Plan) Execute(ctx context.Context) (*report.Run, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	workers := p.opts.Workers
	window := 4 * workers // results computed ahead of the in-order aggregation
	jobs := make(chan job)
	results := make(chan jobResult, window)
	tokens := make(chan struct{}, window)

	// Dispatch jobs in order, at most `window` ahead of the aggregation.
	go func() {
		defer close(jobs)
		for i, name := range p.gtNames {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			j := job{index: i, name: name, gt: p.gtFiles[name], preds: make([]string, len(p.opts.Models))}
			for mi, pairing := range p.pairings {
				j.preds[mi] = predFor(pairing, name)
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := newWorker(p)
			for j := range jobs {
				res := wk.process(j)
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	agg := newAggregator(p)
	pending := make(map[int]jobResult, window)
	next := 0
	for res := range results {
		pending[res.index] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			agg.add(r)
			next++
			<-tokens
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if next != len(p.gtNames) {
		return nil, fmt.Errorf("internal error: aggregated %d of %d images", next, len(p.gtNames))
	}
	agg.finish()
	return p.run, nil
}

// predFor returns the prediction file paired with name, or "".
func predFor(pairing *imgio.Pairing, name string) string {
	i := sort.Search(len(pairing.Pairs), func(i int) bool { return pairing.Pairs[i].Name >= name })
	if i < len(pairing.Pairs) && pairing.Pairs[i].Name == name {
		return pairing.Pairs[i].Pred
	}
	return ""
}

// unknownClsNames returns a warning naming the rows of a model's
// classification file whose image is not in the GT folder, or "".
func unknownClsNames(m Model, pairing *imgio.Pairing) string {
	if m.Cls == nil {
		return ""
	}
	known := make(map[string]bool, len(pairing.Pairs)+len(pairing.Missing))
	for _, pr := range pairing.Pairs {
		known[pr.Name] = true
	}
	for _, name := range pairing.Missing {
		known[name] = true
	}
	var unknown []string
	for name := range m.Cls {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return ""
	}
	sort.Strings(unknown)
	shown := unknown
	if len(shown) > 5 {
		shown = append(shown[:5:5], "...")
	}
	return fmt.Sprintf("%s: %d rows name images that are not in the GT folder, so they are not used: %s",
		m.ClsFile, len(unknown), strings.Join(shown, ", "))
}
