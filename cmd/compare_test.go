package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/birefloss/birefloss/compare"
	"github.com/birefloss/birefloss/report"
)

// runRoot runs the root command with args and returns stdout, stderr and
// the exit status main would use.
func runRoot(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := NewRootCmd(&out, &errOut)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	if err != nil {
		PrintError(&errOut, err)
	}
	return out.String(), errOut.String(), ExitCode(err)
}

// gateRun builds a one-model run of three images with the columns
// loss_total and sm. Image i has the values totals[i] and sm[i].
func gateRun(totals, sm []float64) *report.Run {
	m := report.Model{Name: "A", PredDir: "pred"}
	var sumTotal, sumSM float64
	for i := range totals {
		m.Rows = append(m.Rows, report.Row{
			Name:   string(rune('a' + i)),
			Height: 2, Width: 2,
			Values: []float64{totals[i], sm[i]},
		})
		sumTotal += totals[i]
		sumSM += sm[i]
	}
	m.Scalars = []report.Named{{Key: "sm", Value: sumSM / float64(len(sm))}}
	return &report.Run{
		Tool:    "birefloss",
		Version: Version,
		Settings: report.Settings{
			Task:    "DIS5K",
			Weights: map[string]float64{"bce": 30, "iou": 0.5, "ssim": 10},
			Resize:  "bilinear",
			Losses:  []string{"bce", "iou", "ssim"},
			Metrics: []string{"sm"},
		},
		LossKeys:   []string{"loss_total"},
		MetricKeys: []string{"sm"},
		Models:     []report.Model{m},
		GTCount:    len(totals),
	}
}

// writeGateRun writes run's summary.json and per_image.csv into a new
// folder and returns it.
func writeGateRun(t *testing.T, run *report.Run) string {
	t.Helper()
	dir := t.TempDir()
	var js, csv bytes.Buffer
	if err := report.WriteJSON(&js, report.Summarize(run)); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteCSV(&csv, run); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), js.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "per_image.csv"), csv.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCompareCmdParsesFlags(t *testing.T) {
	var got *CompareOptions
	cmd := newCompareCmd(func(_ context.Context, opts *CompareOptions) error {
		got = opts
		return nil
	})
	cmd.SetArgs([]string{"base", "new", "--max-regress", "sm=1%", "--max-image-regress", "loss_total=0.1",
		"--thresholds", "t.yaml", "--allow-mismatch", "--allow-missing", "--markdown", "c.md", "--json", "c.json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := CompareOptions{
		Stdout: got.Stdout, Stderr: got.Stderr, Baseline: "base", New: "new",
		Gate: GateFlags{MaxRegress: "sm=1%", MaxImageRegress: "loss_total=0.1", ThresholdsFile: "t.yaml",
			AllowMismatch: true, AllowMissing: true, Markdown: "c.md", JSON: "c.json"},
	}
	if *got != want {
		t.Errorf("options %+v, want %+v", *got, want)
	}
}

func TestCompareExitStatus(t *testing.T) {
	base := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	same := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	// Image b's loss_total rises by 0.5 and its sm falls by 0.3.
	worse := writeGateRun(t, gateRun([]float64{1, 2.5, 3}, []float64{0.9, 0.5, 0.7}))
	otherResize := gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7})
	otherResize.Settings.Resize = "align-corners"
	mismatched := writeGateRun(t, otherResize)
	unknownVersion := t.TempDir()
	if err := os.WriteFile(filepath.Join(unknownVersion, "summary.json"), []byte(`{"schema_version": 7}`), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name         string
		args         []string
		wantCode     int
		wantInStderr []string
	}{
		{"identical", []string{base, same}, ExitOK, []string{"no regression against the baseline"}},
		{"default threshold", []string{base, worse}, ExitRegression,
			[]string{"regression: model A: loss_total worsened from 2 to 2.16667", "regression: model A: sm worsened", "2 regressions against the baseline"}},
		{"within thresholds", []string{base, worse, "--max-regress", "loss_total=0.2,sm=0.1"}, ExitOK, nil},
		{"relative threshold", []string{base, worse, "--max-regress", "loss_total=8%,sm=13%"}, ExitRegression,
			[]string{"loss_total worsened from 2 to 2.16667: +0.1667 (+8.33%), threshold 8%", "1 regression against"}},
		{"single image", []string{base, worse, "--max-regress", "*=1", "--max-image-regress", "loss_total=0.4,sm=0.1"}, ExitRegression,
			[]string{"regression: model A: image b: loss_total worsened from 2 to 2.5", "regression: model A: image b: sm worsened from 0.8 to 0.5", "2 regressions"}},
		{"mismatch", []string{base, mismatched}, ExitError,
			[]string{`resize: baseline "bilinear", new "align-corners"`, "--allow-mismatch"}},
		{"mismatch allowed", []string{base, mismatched, "--allow-mismatch"}, ExitOK,
			[]string{"warning: setting resize differs (allowed by --allow-mismatch)"}},
		{"missing file", []string{base, filepath.Join(base, "none")}, ExitError, []string{"read new results:", "none"}},
		{"unknown schema version", []string{unknownVersion, same}, ExitError,
			[]string{"read baseline:", "unsupported summary schema_version 7: this birefloss reads version 1"}},
		{"one argument", []string{base}, ExitUsage, []string{"compare takes two arguments"}},
		{"invalid threshold", []string{base, same, "--max-regress", "sm=high"}, ExitUsage, []string{"invalid --max-regress: key sm: invalid threshold"}},
		{"unknown key", []string{base, same, "--max-regress", "fm=0.1"}, ExitUsage, []string{`invalid threshold key "fm" in max_regress`}},
		{"two stdout outputs", []string{base, same, "--json", "-", "--markdown", "-"}, ExitUsage, []string{"both ask for stdout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runRoot(t, append([]string{"compare"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			for _, part := range tt.wantInStderr {
				if !strings.Contains(stderr, part) {
					t.Errorf("stderr does not contain %q:\n%s", part, stderr)
				}
			}
		})
	}
}

func TestCompareListsEveryRegression(t *testing.T) {
	base := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	worse := writeGateRun(t, gateRun([]float64{1.5, 2.5, 3.5}, []float64{0.9, 0.8, 0.7}))
	_, stderr, code := runRoot(t, "compare", base, worse, "--max-regress", "*=10", "--max-image-regress", "loss_total=0.1")
	if code != ExitRegression {
		t.Fatalf("exit status %d, want %d", code, ExitRegression)
	}
	for _, image := range []string{"a", "b", "c"} {
		if !strings.Contains(stderr, "image "+image+": loss_total worsened") {
			t.Errorf("stderr does not list image %s:\n%s", image, stderr)
		}
	}
	if n := strings.Count(stderr, "regression: "); n != 3 {
		t.Errorf("%d regression lines on stderr, want 3", n)
	}
}

func TestCompareWritesMarkdownAndJSON(t *testing.T) {
	base := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	worse := writeGateRun(t, gateRun([]float64{1, 2.5, 3}, []float64{0.9, 0.5, 0.7}))
	dir := t.TempDir()
	md, js := filepath.Join(dir, "comment.md"), filepath.Join(dir, "comparison.json")
	stdout, stderr, code := runRoot(t, "compare", base, worse, "--markdown", md, "--json", js)
	if code != ExitRegression {
		t.Fatalf("exit status %d, want %d; stderr:\n%s", code, ExitRegression, stderr)
	}
	if !strings.HasPrefix(stdout, "baseline: ") || !strings.Contains(stdout, "\n2 regressions\n") {
		t.Errorf("stdout is not the text table:\n%s", stdout)
	}
	for _, path := range []string{md, js} {
		if !strings.Contains(stderr, "wrote "+path) {
			t.Errorf("stderr does not report writing %s", path)
		}
	}

	markdown, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(markdown), "## birefloss comparison: 2 regressions\n") {
		t.Errorf("Markdown starts %q", strings.SplitN(string(markdown), "\n", 2)[0])
	}
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Regressions   []compare.Regression
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("comparison JSON: %v", err)
	}
	if doc.SchemaVersion != compare.SchemaVersion || len(doc.Regressions) != 2 {
		t.Errorf("JSON schema_version %d with %d regressions, want %d and 2", doc.SchemaVersion, len(doc.Regressions), compare.SchemaVersion)
	}
}

func TestCompareStdoutFormats(t *testing.T) {
	base := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	stdout, _, code := runRoot(t, "compare", base, base, "--markdown", "-")
	if code != ExitOK || !strings.HasPrefix(stdout, "## birefloss comparison: no regression") {
		t.Errorf("--markdown -: exit status %d, stdout:\n%s", code, stdout)
	}
	stdout, _, code = runRoot(t, "compare", base, base, "--json", "-")
	if code != ExitOK || !json.Valid([]byte(stdout)) {
		t.Errorf("--json -: exit status %d, stdout is not JSON:\n%s", code, stdout)
	}
}

func TestCompareThresholdsFile(t *testing.T) {
	base := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	worse := writeGateRun(t, gateRun([]float64{1, 2.5, 3}, []float64{0.9, 0.5, 0.7}))
	file := filepath.Join(t.TempDir(), "thresholds.yaml")
	data := "max_regress:\n  \"*\": 1\nmax_image_regress:\n  loss_total: 0.4\n  sm: 50%\n"
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}

	_, stderr, code := runRoot(t, "compare", base, worse, "--thresholds", file)
	if code != ExitRegression || !strings.Contains(stderr, "image b: loss_total worsened") || strings.Contains(stderr, "image b: sm") {
		t.Errorf("file thresholds: exit status %d, stderr:\n%s", code, stderr)
	}
	// The flag overrides the file's loss_total threshold.
	_, stderr, code = runRoot(t, "compare", base, worse, "--thresholds", file, "--max-image-regress", "loss_total=0.5")
	if code != ExitOK {
		t.Errorf("flag over file: exit status %d, stderr:\n%s", code, stderr)
	}

	_, stderr, code = runRoot(t, "compare", base, worse, "--thresholds", filepath.Join(t.TempDir(), "none.yaml"))
	if code != ExitUsage || !strings.Contains(stderr, "invalid --thresholds") {
		t.Errorf("missing thresholds file: exit status %d, stderr:\n%s", code, stderr)
	}
}

func TestCheckGateFlags(t *testing.T) {
	base := writeGateRun(t, gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7}))
	tests := []struct {
		name          string
		flags         GateFlags
		wantInMessage string
	}{
		{"no gate", GateFlags{}, ""},
		{"valid gate", GateFlags{Baseline: base, MaxRegress: "sm=0.01", Markdown: "c.md"}, ""},
		{"threshold without baseline", GateFlags{MaxRegress: "sm=0.01"}, "--max-regress needs --baseline"},
		{"markdown without baseline", GateFlags{Markdown: "c.md"}, "--markdown needs --baseline"},
		{"missing baseline", GateFlags{Baseline: filepath.Join(base, "none")}, "invalid --baseline"},
		{"invalid threshold", GateFlags{Baseline: base, MaxImageRegress: "sm"}, "invalid --max-image-regress"},
		{"markdown to stdout", GateFlags{Baseline: base, Markdown: "-"}, "need a file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkGateFlags(&tt.flags)
			if tt.wantInMessage == "" {
				if err != nil {
					t.Errorf("checkGateFlags: %v", err)
				}
				return
			}
			if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %v (exit status %d), want a usage error containing %q", err, ExitCode(err), tt.wantInMessage)
			}
		})
	}
}

func TestGateAgainstBaseline(t *testing.T) {
	baseRun := gateRun([]float64{1, 2, 3}, []float64{0.9, 0.8, 0.7})
	base := writeGateRun(t, baseRun)
	worseRun := gateRun([]float64{1, 2.5, 3}, []float64{0.9, 0.5, 0.7})
	perImage := func(run *report.Run) *report.PerImage {
		var buf bytes.Buffer
		if err := report.WriteCSV(&buf, run); err != nil {
			t.Fatal(err)
		}
		p, err := report.ReadCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("pass", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		err := gateAgainstBaseline(&stdout, &stderr, base, report.Summarize(baseRun), perImage(baseRun), GateFlags{Baseline: base})
		if err != nil {
			t.Fatalf("gate: %v; stderr:\n%s", err, stderr.String())
		}
		if !strings.Contains(stdout.String(), "new:      this run") {
			t.Errorf("stdout does not name this run as the new side:\n%s", stdout.String())
		}
	})

	t.Run("regression", func(t *testing.T) {
		md := filepath.Join(t.TempDir(), "summary.md")
		var stderr bytes.Buffer
		g := GateFlags{Baseline: base, MaxRegress: "*=1", MaxImageRegress: "sm=0.1", Markdown: md}
		err := gateAgainstBaseline(nil, &stderr, base, report.Summarize(worseRun), perImage(worseRun), g)
		if ExitCode(err) != ExitRegression {
			t.Fatalf("exit status %d (%v), want %d", ExitCode(err), err, ExitRegression)
		}
		if !strings.Contains(stderr.String(), "regression: model A: image b: sm worsened from 0.8 to 0.5") {
			t.Errorf("stderr does not list the regression:\n%s", stderr.String())
		}
		if _, err := os.Stat(md); err != nil {
			t.Errorf("Markdown file: %v", err)
		}
	})

	t.Run("run in memory", func(t *testing.T) {
		var stderr bytes.Buffer
		g := GateFlags{Baseline: base, MaxRegress: "*=1", MaxImageRegress: "loss_total=0.1"}
		err := gateRunAgainstBaseline(nil, &stderr, worseRun, g)
		if ExitCode(err) != ExitRegression || !strings.Contains(stderr.String(), "image b: loss_total worsened from 2 to 2.5") {
			t.Errorf("exit status %d (%v); stderr:\n%s", ExitCode(err), err, stderr.String())
		}
		if err := gateRunAgainstBaseline(nil, &stderr, baseRun, g); err != nil {
			t.Errorf("baseline against itself: %v", err)
		}
	})

	t.Run("without per-image values", func(t *testing.T) {
		var stderr bytes.Buffer
		g := GateFlags{Baseline: base, MaxRegress: "*=1", MaxImageRegress: "sm=0.1"}
		err := gateAgainstBaseline(nil, &stderr, base, report.Summarize(worseRun), nil, g)
		if err == nil || !strings.Contains(err.Error(), "per-image thresholds need per_image.csv") {
			t.Errorf("error %v, want one about the missing per-image values", err)
		}
	})
}

// copyMasks copies the named PNG files from src into dst.
func copyMasks(t *testing.T, src, dst string, names []string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(src, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// blankMask overwrites path with an all-zero mask of the same size.
func blankMask(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, cfg.Width, cfg.Height))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sodImages are five SOD images (ArcherFMY/sal_eval_toolbox, see
// testdata/README) used by the end-to-end comparisons.
var sodImages = []string{"100075", "100080", "100098", "101085", "101087"}

// evalSOD evaluates Amulet's predictions in pred against the five SOD GT
// masks copied to gt, writing to a new output folder that it returns.
func evalSOD(t *testing.T, gt, pred string, extra ...string) string {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"eval", "--gt", gt, "--pred", "Amulet=" + pred, "--out", out, "--workers", "2", "--quiet"}, extra...)
	_, stderr, code := runRoot(t, args...)
	if code != ExitOK {
		t.Fatalf("eval %v: exit status %d; stderr:\n%s", args, code, stderr)
	}
	return out
}

// TestCompareRealOutputs runs birefloss eval on real masks and compares
// the outputs: a run with itself, a run where one prediction is blank, a
// run that lacks one prediction, and a run with another resize setting.
func TestCompareRealOutputs(t *testing.T) {
	src := filepath.Join("..", "testdata", "real", "sod-300")
	dir := t.TempDir()
	gt := filepath.Join(dir, "gt")
	copyMasks(t, filepath.Join(src, "gt"), gt, sodImages)
	predBase := filepath.Join(dir, "pred-base")
	copyMasks(t, filepath.Join(src, "pred-Amulet"), predBase, sodImages)
	predBlank := filepath.Join(dir, "pred-blank")
	copyMasks(t, filepath.Join(src, "pred-Amulet"), predBlank, sodImages)
	blankMask(t, filepath.Join(predBlank, "100080.png"))
	predLacking := filepath.Join(dir, "pred-lacking")
	copyMasks(t, filepath.Join(src, "pred-Amulet"), predLacking, slices.DeleteFunc(slices.Clone(sodImages), func(s string) bool { return s == "100098" }))

	base := evalSOD(t, gt, predBase)
	blank := evalSOD(t, gt, predBlank)
	lacking := evalSOD(t, gt, predLacking, "--allow-incomplete")
	otherResize := evalSOD(t, gt, predBase, "--resize", "align-corners")

	t.Run("same run", func(t *testing.T) {
		stdout, stderr, code := runRoot(t, "compare", base, filepath.Join(base, "summary.json"), "--json", "-")
		if code != ExitOK {
			t.Fatalf("exit status %d; stderr:\n%s", code, stderr)
		}
		var c compare.Comparison
		if err := json.Unmarshal([]byte(stdout), &c); err != nil {
			t.Fatal(err)
		}
		if len(c.Models) != 1 || len(c.Models[0].Dataset) == 0 || len(c.Models[0].ImageKeys) == 0 {
			t.Fatalf("comparison has no values: %+v", c.Models)
		}
		// Every key that eval writes must have a known direction, or it
		// could never be gated.
		for _, ch := range c.Models[0].Dataset {
			if ch.Direction == compare.UnknownDirection {
				t.Errorf("dataset key %s has no known direction", ch.Key)
			}
			if ch.Status != compare.StatusUnchanged {
				t.Errorf("dataset key %s: status %s comparing a run with itself", ch.Key, ch.Status)
			}
		}
		for _, k := range c.Models[0].ImageKeys {
			if k.Direction == compare.UnknownDirection {
				t.Errorf("per-image key %s has no known direction", k.Key)
			}
			if k.Compared != len(sodImages) || k.Unchanged != len(sodImages) {
				t.Errorf("per-image key %s: %d compared, %d unchanged; want %d and %d", k.Key, k.Compared, k.Unchanged, len(sodImages), len(sodImages))
			}
		}
	})

	t.Run("one blank prediction", func(t *testing.T) {
		_, stderr, code := runRoot(t, "compare", base, blank, "--max-regress", "sm=1", "--max-image-regress", "loss_total=0.5,sm=0.1")
		if code != ExitRegression {
			t.Fatalf("exit status %d, want %d; stderr:\n%s", code, ExitRegression, stderr)
		}
		for _, part := range []string{"image 100080: loss_total worsened", "image 100080: sm worsened", "2 regressions against"} {
			if !strings.Contains(stderr, part) {
				t.Errorf("stderr does not contain %q:\n%s", part, stderr)
			}
		}
		for _, other := range sodImages {
			if other != "100080" && strings.Contains(stderr, "image "+other) {
				t.Errorf("stderr names image %s, whose prediction did not change:\n%s", other, stderr)
			}
		}
	})

	t.Run("baseline image the new run lacks", func(t *testing.T) {
		_, stderr, code := runRoot(t, "compare", base, lacking, "--max-regress", "*=1000")
		if code != ExitRegression {
			t.Fatalf("exit status %d, want %d; stderr:\n%s", code, ExitRegression, stderr)
		}
		if !strings.Contains(stderr, "image 100098: evaluated in the baseline, no prediction in the new run") {
			t.Errorf("stderr does not name the missing image:\n%s", stderr)
		}
		_, stderr, code = runRoot(t, "compare", base, lacking, "--max-regress", "*=1000", "--allow-missing")
		if code != ExitOK {
			t.Errorf("--allow-missing: exit status %d; stderr:\n%s", code, stderr)
		}
	})

	t.Run("other resize mode", func(t *testing.T) {
		_, stderr, code := runRoot(t, "compare", base, otherResize)
		if code != ExitError || !strings.Contains(stderr, `resize: baseline "bilinear", new "align-corners"`) {
			t.Errorf("exit status %d, want %d naming resize; stderr:\n%s", code, ExitError, stderr)
		}
		// The images have their GT's size, so the resize mode changes no value.
		_, stderr, code = runRoot(t, "compare", base, otherResize, "--allow-mismatch")
		if code != ExitOK {
			t.Errorf("--allow-mismatch: exit status %d; stderr:\n%s", code, stderr)
		}
	})

	t.Run("gate on saved outputs", func(t *testing.T) {
		summary, perImage := readSavedOutputs(t, blank)
		var stderr bytes.Buffer
		err := gateAgainstBaseline(nil, &stderr, base, summary, perImage, GateFlags{Baseline: base, MaxRegress: "sm=1", MaxImageRegress: "sm=0.1"})
		if ExitCode(err) != ExitRegression || !strings.Contains(stderr.String(), "image 100080: sm worsened") {
			t.Errorf("exit status %d (%v); stderr:\n%s", ExitCode(err), err, stderr.String())
		}
	})
}

// readSavedOutputs reads summary.json and per_image.csv of an output folder.
func readSavedOutputs(t *testing.T, dir string) (*report.Summary, *report.PerImage) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := report.ReadSummary(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := os.Open(filepath.Join(dir, "per_image.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	p, err := report.ReadCSV(g)
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}
