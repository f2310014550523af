package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

// savedFiles writes run as summary.json and per_image.csv and reads both
// back, as birefloss plot does.
func savedFiles(t *testing.T, run *Run) (*Summary, *PerImage) {
	t.Helper()
	var js, csv bytes.Buffer
	if err := WriteJSON(&js, Summarize(run)); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&csv, run); err != nil {
		t.Fatal(err)
	}
	s, err := ReadSummary(&js)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ReadCSV(&csv)
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

// TestRunFromSavedRewritesSameFiles checks that a run rebuilt from its
// saved files writes the same per_image.csv, summary.json and report.html
// as the run itself.
func TestRunFromSavedRewritesSameFiles(t *testing.T) {
	run := testRun()
	rebuilt := RunFromSaved(savedFiles(t, run))

	writers := []struct {
		name  string
		write func(*bytes.Buffer, *Run) error
	}{
		{"per_image.csv", func(b *bytes.Buffer, r *Run) error { return WriteCSV(b, r) }},
		{"summary.json", func(b *bytes.Buffer, r *Run) error { return WriteJSON(b, Summarize(r)) }},
		{"report.html", func(b *bytes.Buffer, r *Run) error { return WriteHTML(b, r, nil) }},
		{"summary table", func(b *bytes.Buffer, r *Run) error { return WriteTable(b, r) }},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			var want, got bytes.Buffer
			if err := w.write(&want, run); err != nil {
				t.Fatal(err)
			}
			if err := w.write(&got, rebuilt); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s of the rebuilt run differs from the original's:\n%s", w.name, lineDiff(want.String(), got.String()))
			}
		})
	}
}

func TestRunFromSavedFields(t *testing.T) {
	run := testRun()
	rebuilt := RunFromSaved(savedFiles(t, run))

	if rebuilt.Tool != run.Tool || rebuilt.Version != run.Version || rebuilt.GTCount != run.GTCount {
		t.Errorf("tool %q %q, GT count %d; want %q %q, %d", rebuilt.Tool, rebuilt.Version, rebuilt.GTCount, run.Tool, run.Version, run.GTCount)
	}
	if !slices.Equal(rebuilt.LossKeys, run.LossKeys) || !slices.Equal(rebuilt.MetricKeys, run.MetricKeys) {
		t.Errorf("columns %v %v, want %v %v", rebuilt.LossKeys, rebuilt.MetricKeys, run.LossKeys, run.MetricKeys)
	}
	a := &rebuilt.Models[0]
	if len(a.Rows) != 4 || a.Rows[2].Err == "" {
		t.Fatalf("ModelA rows %+v, want 4 with the failed 003", a.Rows)
	}
	if a.Rows[2].GTFile != "data/gt/003.png" || a.Rows[2].PredFile != "data/pred-a/003.png" {
		t.Errorf("failed row files %q %q, want them from the summary's failed list", a.Rows[2].GTFile, a.Rows[2].PredFile)
	}
	if a.Rows[0].GTFile != "" {
		t.Errorf("evaluated row has GT file %q, but per_image.csv records none", a.Rows[0].GTFile)
	}
	if len(a.Resized) != 1 || a.Resized[0] != run.Models[0].Resized[0] {
		t.Errorf("resized %+v, want %+v", a.Resized, run.Models[0].Resized)
	}
	// Scalars follow the metric column order with iou_bin_pooled after
	// iou_bin, then the other keys sorted.
	var keys []string
	for _, s := range a.Scalars {
		keys = append(keys, s.Key)
	}
	if want := []string{"mae", "sm", "wfm", "iou_bin", "iou_bin_pooled", "em_max", "fm_max"}; !slices.Equal(keys, want) {
		t.Errorf("scalar keys %v, want %v", keys, want)
	}
	if b := &rebuilt.Models[1]; !math.IsNaN(b.Scalars[4].Value) {
		t.Errorf("ModelB's %s %v, want iou_bin_pooled NaN as saved", b.Scalars[4].Key, b.Scalars[4].Value)
	}
}

func TestRunFromSavedReorderedColumns(t *testing.T) {
	run := testRun()
	s, _ := savedFiles(t, run)
	var csv bytes.Buffer
	if err := WriteCSV(&csv, run); err != nil {
		t.Fatal(err)
	}
	// Swap the columns mae and sm, header and values.
	lines := strings.Split(strings.TrimSuffix(csv.String(), "\n"), "\n")
	for i, line := range lines {
		cells := strings.Split(line, ",")
		mae := 6 + len(run.LossKeys)
		cells[mae], cells[mae+1] = cells[mae+1], cells[mae]
		lines[i] = strings.Join(cells, ",")
	}
	p, err := ReadCSV(strings.NewReader(strings.Join(lines, "\n") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	rebuilt := RunFromSaved(s, p)
	if got, want := rebuilt.Models[1].Rows[0].Values, run.Models[1].Rows[0].Values; !slices.Equal(got, want) {
		t.Errorf("values %v, want %v in the summary's column order", got, want)
	}
}

func TestRunFromSavedWithoutPerImage(t *testing.T) {
	s, _ := savedFiles(t, testRun())
	rebuilt := RunFromSaved(s, nil)
	if len(rebuilt.Models) != 2 || len(rebuilt.Models[0].Rows) != 0 {
		t.Errorf("models %d with %d rows, want 2 models without rows", len(rebuilt.Models), len(rebuilt.Models[0].Rows))
	}
	if len(rebuilt.Models[0].Curves) != 2 {
		t.Errorf("ModelA has %d curves, want precision and recall", len(rebuilt.Models[0].Curves))
	}
}

func TestSavedKeyOrder(t *testing.T) {
	s := &Summary{Columns: Columns{Metrics: []string{"mae", "em_adp", "fm_adp", "iou_adp", "iou_bin", "dice_adp", "dice_bin"}}}
	ms := &ModelSummary{
		Metrics: map[string]Float{"mae": 0, "em_adp": 0, "em_max": 0, "fm_adp": 0, "iou_adp": 0, "iou_bin": 0, "iou_bin_pooled": 0,
			"dice_adp": 0, "dice_bin": 0, "dice_bin_pooled": 0, "auc_pr": 0},
		Curves: map[string][]Float{"dice": nil, "em": nil, "fm": nil, "fpr": nil, "iou": nil, "precision": nil, "recall": nil},
	}
	// The metric package's order: per-image columns with each <h>_bin_pooled
	// after <h>_bin, and curves precision, recall, fm, em, then handlers.
	wantScalars := []string{"mae", "em_adp", "fm_adp", "iou_adp", "iou_bin", "iou_bin_pooled", "dice_adp", "dice_bin", "dice_bin_pooled", "auc_pr", "em_max"}
	if got := SavedScalarKeys(s, ms); !slices.Equal(got, wantScalars) {
		t.Errorf("scalar keys\n got %v\nwant %v", got, wantScalars)
	}
	wantCurves := []string{"precision", "recall", "fm", "em", "iou", "dice", "fpr"}
	if got := savedCurveKeys(s, ms); !slices.Equal(got, wantCurves) {
		t.Errorf("curve keys\n got %v\nwant %v", got, wantCurves)
	}
}
