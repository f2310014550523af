package compare

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/birefloss/birefloss/report"
)

// The tests build runs in memory with two loss columns and two metric
// columns, write them with the report package's own writers, and load them
// back as a comparison reads saved outputs.

var (
	testLossKeys   = []string{"loss_bce", "loss_total"}
	testMetricKeys = []string{"mae", "sm"}
)

// img is one image's values: loss_bce, loss_total, mae, sm.
type img struct {
	name                string
	bce, total, mae, sm float64
	err                 string
}

func testSettings() report.Settings {
	return report.Settings{
		GTDir:   "gt",
		Task:    "DIS5K",
		Weights: map[string]float64{"bce": 30, "iou": 0.5, "ssim": 10},
		Resize:  "bilinear",
		Losses:  []string{"bce"},
		Metrics: []string{"mae", "sm", "fm"},
	}
}

// testModel builds a model from its images. Its dataset metrics are the
// means of mae and sm over the evaluated images, and fm_max is given.
func testModel(name string, fmMax float64, images ...img) report.Model {
	m := report.Model{Name: name, PredDir: "pred-" + name}
	var sumMAE, sumSM float64
	n := 0
	for _, im := range images {
		row := report.Row{Name: im.name, GTFile: "gt/" + im.name + ".png", PredFile: m.PredDir + "/" + im.name + ".png", Height: 4, Width: 4}
		if im.err != "" {
			row.Err = im.err
			row.Values = []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
		} else {
			row.Values = []float64{im.bce, im.total, im.mae, im.sm}
			sumMAE += im.mae
			sumSM += im.sm
			n++
		}
		m.Rows = append(m.Rows, row)
	}
	m.Scalars = []report.Named{
		{Key: "mae", Value: sumMAE / float64(n)},
		{Key: "sm", Value: sumSM / float64(n)},
		{Key: "fm_max", Value: fmMax},
	}
	return m
}

func testRun(gtCount int, models ...report.Model) *report.Run {
	return &report.Run{
		Tool:       "birefloss",
		Version:    "0.1.0",
		Settings:   testSettings(),
		LossKeys:   testLossKeys,
		MetricKeys: testMetricKeys,
		Models:     models,
		GTCount:    gtCount,
	}
}

// baseImages are three images of a model that the tests then change.
func baseImages() []img {
	return []img{
		{name: "a", bce: 0.1, total: 3.5, mae: 0.05, sm: 0.9},
		{name: "b", bce: 0.2, total: 6.5, mae: 0.1, sm: 0.8},
		{name: "c", bce: 0.3, total: 9.5, mae: 0.2, sm: 0.7},
	}
}

// saveRun writes run's summary.json, and per_image.csv when withCSV is set,
// into a new folder and returns the folder.
func saveRun(t *testing.T, run *report.Run, withCSV bool) string {
	t.Helper()
	dir := t.TempDir()
	var js bytes.Buffer
	if err := report.WriteJSON(&js, report.Summarize(run)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SummaryFile), js.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if withCSV {
		var csv bytes.Buffer
		if err := report.WriteCSV(&csv, run); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, PerImageFile), csv.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadRun saves run and loads it back.
func loadRun(t *testing.T, run *report.Run, withCSV bool) *Result {
	t.Helper()
	res, err := Load(saveRun(t, run, withCSV))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return res
}

// compareRuns saves and loads both runs, and compares them.
func compareRuns(t *testing.T, base, next *report.Run, opts Options) *Comparison {
	t.Helper()
	c, err := Compare(loadRun(t, base, true), loadRun(t, next, true), opts)
	if err != nil {
		t.Fatalf("Compare: %v", err)
	}
	return c
}

func mustThresholds(t *testing.T, spec string) Thresholds {
	t.Helper()
	ts, err := ParseThresholds(spec)
	if err != nil {
		t.Fatalf("ParseThresholds(%q): %v", spec, err)
	}
	return ts
}

// datasetChange returns the dataset change of key in model comparison m.
func datasetChange(t *testing.T, m *ModelComparison, key string) Change {
	t.Helper()
	for _, c := range m.Dataset {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no dataset change for key %q", key)
	return Change{}
}

// regressionKeys lists each regression as kind/model/image/key.
func regressionKeys(c *Comparison) []string {
	var out []string
	for _, r := range c.Regressions {
		out = append(out, r.Kind+"/"+r.Model+"/"+r.Image+"/"+r.Key)
	}
	return out
}
