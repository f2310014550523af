package eval

import (
	"slices"

	"github.com/birefloss/birefloss/loss"
	"github.com/birefloss/birefloss/metric"
	"github.com/birefloss/birefloss/report"
)

// newRun builds the run record with the settings and column keys.
func newRun(opts Options) *report.Run {
	run := &report.Run{
		Tool:    "birefloss",
		Version: opts.Version,
		Settings: report.Settings{
			GTDir:        opts.GTDir,
			Task:         opts.Task,
			Weights:      map[string]float64(opts.Weights),
			ClsWeights:   map[string]float64{"ce": opts.ClsWeight},
			Resize:       opts.Resize.String(),
			Alpha:        opts.Read.Alpha,
			ScaleZeroOne: opts.ScaleZeroOne,
			MaxPixels:    opts.Read.MaxPixels,
			PredPrefix:   opts.Pair.PredPrefix,
			PredSuffix:   opts.Pair.PredSuffix,
			GTPrefix:     opts.Pair.GTPrefix,
			GTSuffix:     opts.Pair.GTSuffix,
			ConfigFile:   opts.Config,
		},
	}
	anyLoss := false
	for c := loss.Component(0); c < loss.NumComponents; c++ {
		if opts.Losses[c] {
			anyLoss = true
			run.Settings.Losses = append(run.Settings.Losses, c.Key())
			run.LossKeys = append(run.LossKeys, "loss_"+c.Key())
		}
	}
	if anyLoss {
		if hasCls(&opts) {
			run.LossKeys = append(run.LossKeys, "loss_cls")
		}
		run.LossKeys = append(run.LossKeys, "loss_total")
	}
	if !opts.MetricsOff {
		run.Settings.Metrics = opts.Metrics.Groups()
		run.MetricKeys = opts.Metrics.Keys()
		if slices.Contains(run.Settings.Metrics, "hce") {
			run.Settings.HCEMode = opts.Metrics.HCEMode().String()
		}
	}
	for _, m := range opts.Models {
		run.Models = append(run.Models, report.Model{
			Name:    m.Name,
			PredDir: m.PredDir,
			Levels:  m.Levels,
			ClsFile: m.ClsFile,
		})
	}
	return run
}

// aggregator adds job results to the run in input order.
type aggregator struct {
	plan *Plan
	acc  []*metric.Accumulator
}

func newAggregator(p *Plan) *aggregator {
	a := &aggregator{plan: p}
	for range p.opts.Models {
		if p.opts.MetricsOff {
			a.acc = append(a.acc, nil)
		} else {
			a.acc = append(a.acc, metric.NewAccumulator(p.opts.Metrics))
		}
	}
	return a
}

func (a *aggregator) add(res jobResult) {
	for mi, r := range res.perModel {
		if r == nil {
			continue
		}
		m := &a.plan.run.Models[mi]
		m.Rows = append(m.Rows, r.row)
		if r.metrics != nil {
			a.acc[mi].Add(r.metrics)
		}
		if r.resized != nil {
			m.Resized = append(m.Resized, *r.resized)
		}
		for _, f := range r.zeroOne {
			m.ZeroOne = appendOnce(m.ZeroOne, f)
		}
		m.Warnings = append(m.Warnings, r.warnings...)
	}
}

// appendOnce appends s unless it is already the last element. Duplicates
// are adjacent because a GT file is reported by every pair of its name.
func appendOnce(list []string, s string) []string {
	if len(list) > 0 && list[len(list)-1] == s {
		return list
	}
	return append(list, s)
}

func (a *aggregator) finish() {
	for mi := range a.plan.run.Models {
		m := &a.plan.run.Models[mi]
		if a.acc[mi] != nil {
			ds := a.acc[mi].Result()
			for _, s := range ds.Scalars {
				m.Scalars = append(m.Scalars, report.Named{Key: s.Key, Value: s.Value})
			}
			for _, c := range ds.Curves {
				m.Curves = append(m.Curves, report.Curve{Key: c.Key, Values: c.Values})
			}
		}
	}
}
