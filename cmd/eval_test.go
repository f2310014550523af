package cmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// evalArgs runs the root command with args and returns stdout, stderr and
// the error.
func evalArgs(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	root := NewRootCmd(&stdout, &stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return stdout.String(), stderr.String(), err
}

// readCSV parses per_image.csv into rows keyed by "model/name".
func readCSV(t *testing.T, path string) (header []string, rows map[string][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = make(map[string][]string)
	for _, r := range recs[1:] {
		rows[r[0]+"/"+r[1]] = r
	}
	return recs[0], rows
}

func column(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("column %q not in header %v", name, header)
	return -1
}

func TestEvalOutputsIndependentOfWorkers(t *testing.T) {
	gt := filepath.Join("..", "testdata", "real", "sod-300", "gt")
	dirs := map[int]string{}
	for _, workers := range []int{1, 8} {
		out := t.TempDir()
		dirs[workers] = out
		_, _, err := evalArgs(t, "eval", "--gt", gt,
			"--pred", filepath.Join("..", "testdata", "real", "sod-300", "pred-DSS"),
			"--pred", filepath.Join("..", "testdata", "real", "sod-300", "pred-PiCANet"),
			"--out", out, "--workers", strconv.Itoa(workers), "--quiet")
		if err != nil {
			t.Fatalf("workers=%d: %v", workers, err)
		}
	}
	for _, name := range []string{"per_image.csv", "summary.json", "report.html"} {
		a, err := os.ReadFile(filepath.Join(dirs[1], name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[8], name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 8 workers", name)
		}
	}
}

// TestEvalMatchesReferenceLosses checks the CLI end to end against the
// values of BiRefNet's loss.py (commit 25cb930, PyTorch 1.13, float64) on
// the soc-ac ICON predictions, and PySODMetrics 1.6.2 on the same pairs.
func TestEvalMatchesReferenceLosses(t *testing.T) {
	out := t.TempDir()
	_, _, err := evalArgs(t, "eval", "--gt", "../testdata/real/soc-ac/gt",
		"--pred", "../testdata/real/soc-ac/pred-ICON", "--out", out, "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	refHeader, refRows := readRefCSV(t, "../testdata/reference/real/soc-ac/ICON/loss.csv")
	if len(rows) != len(refRows) {
		t.Fatalf("got %d rows, reference has %d", len(rows), len(refRows))
	}
	checks := []struct {
		ours, ref string
		rel, abs  float64
	}{
		{"loss_bce", "bce", 1e-9, 1e-12},
		{"loss_iou", "iou", 1e-9, 1e-12},
		{"loss_mae", "mae", 1e-9, 1e-12},
		{"loss_mse", "mse", 1e-9, 1e-12},
		{"loss_reg", "reg", 1e-9, 1e-12},
		{"loss_cnt", "cnt", 1e-9, 1e-12},
		{"loss_structure", "structure", 1e-9, 1e-12},
		{"loss_structure_logit", "structure_logit", 1e-9, 1e-12},
		{"loss_ssim", "ssim", 2e-6, 1e-7},
		{"loss_total", "weighted_total", 2e-6, 1e-7},
	}
	for name, ref := range refRows {
		row, ok := rows["ICON/"+name]
		if !ok {
			t.Errorf("%s: no row in per_image.csv", name)
			continue
		}
		for _, c := range checks {
			got := parseFloat(t, row[column(t, header, c.ours)])
			want := parseFloat(t, ref[column(t, refHeader, c.ref)])
			if !near(got, want, c.rel, c.abs) {
				t.Errorf("%s %s = %.17g, reference %.17g", name, c.ours, got, want)
			}
		}
	}

	_, metricRows := readRefCSV(t, "../testdata/reference/real/soc-ac/ICON/metrics.csv")
	mHeader, _ := readRefCSV(t, "../testdata/reference/real/soc-ac/ICON/metrics.csv")
	for name, ref := range metricRows {
		row := rows["ICON/"+name]
		for ours, theirs := range map[string]string{"sm": "Sm", "wfm": "wFm", "mae": "MAE", "em_adp": "adpEm", "fm_adp": "adpFm"} {
			got := parseFloat(t, row[column(t, header, ours)])
			want := parseFloat(t, ref[column(t, mHeader, theirs)])
			if !near(got, want, 0, 1e-6) {
				t.Errorf("%s %s = %.17g, PySODMetrics %.17g", name, ours, got, want)
			}
		}
	}
}

func readRefCSV(t *testing.T, path string) ([]string, map[string][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make(map[string][]string)
	for _, r := range recs[1:] {
		rows[r[0]] = r
	}
	return recs[0], rows
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v
}

func near(got, want, rel, abs float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

// copyDir copies the files of src into dst, creating dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEvalBadFilesKeepGoodPairs(t *testing.T) {
	root := t.TempDir()
	gt := filepath.Join(root, "gt")
	pred := filepath.Join(root, "pred")
	copyDir(t, "../testdata/real/pysodmetrics/gt", gt)
	copyDir(t, "../testdata/real/pysodmetrics/pred-sample", pred)

	good, err := os.ReadFile(filepath.Join(pred, "0001.png"))
	if err != nil {
		t.Fatal(err)
	}
	// Three bad predictions paired with copies of a good GT.
	gtGood, err := os.ReadFile(filepath.Join(gt, "0001.png"))
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)/2],
		"text":      []byte("this is not an image\n"),
	}
	for name, data := range bad {
		if err := os.WriteFile(filepath.Join(pred, name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(gt, name+".png"), gtGood, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	out := filepath.Join(root, "out")
	stdout, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", out)
	if got := ExitCode(err); got != ExitError {
		t.Fatalf("exit code %d, want %d (err %v)", got, ExitError, err)
	}
	if stdout == "" {
		t.Error("stdout has no summary table")
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	errCol := column(t, header, "error")
	totalCol := column(t, header, "loss_total")
	for _, name := range []string{"0001", "19", "aerial-1867541__340"} {
		r := rows["pred/"+name]
		if r == nil {
			t.Fatalf("no row for good pair %s", name)
		}
		if r[errCol] != "" {
			t.Errorf("good pair %s failed: %s", name, r[errCol])
		}
		if v := parseFloat(t, r[totalCol]); math.IsNaN(v) {
			t.Errorf("good pair %s has loss_total NaN", name)
		}
	}
	for name := range bad {
		r := rows["pred/"+name]
		if r == nil {
			t.Fatalf("no row for bad pair %s", name)
		}
		if !strings.Contains(r[errCol], name+".png") {
			t.Errorf("bad pair %s: error %q does not name the file", name, r[errCol])
		}
		if !strings.Contains(stderr, name+".png") {
			t.Errorf("stderr does not name %s.png:\n%s", name, stderr)
		}
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range bad {
		if !bytes.Contains(summary, []byte(name+".png")) {
			t.Errorf("summary.json does not list %s.png", name)
		}
	}
}

func TestEvalResizeAndExtraFiles(t *testing.T) {
	gt := "../testdata/real/ecssd-noori/gt"
	pred := "../testdata/real/ecssd-noori/pred-unknown"

	out := t.TempDir()
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", out)
	if err != nil {
		t.Fatalf("extra files and resizes must not fail the run: %v", err)
	}
	for _, want := range []string{"0004", "resized", "352x352"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	if got := rows["unknown/0001"][column(t, header, "resized")]; got != "1" {
		t.Errorf("resized column = %q, want 1", got)
	}

	out = t.TempDir()
	_, _, err = evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", out, "--resize", "error", "--quiet")
	if ExitCode(err) != ExitError {
		t.Fatalf("--resize error: exit code %d, want 1", ExitCode(err))
	}
	header, rows = readCSV(t, filepath.Join(out, "per_image.csv"))
	msg := rows["unknown/0001"][column(t, header, "error")]
	for _, want := range []string{"352x352", "267x400", "--resize"} {
		if !strings.Contains(msg, want) {
			t.Errorf("resize error %q lacks %q", msg, want)
		}
	}
}

func TestEvalMissingPredictionExitStatus(t *testing.T) {
	gt := "../testdata/real/dis5k-vd/gt"
	pred := t.TempDir() // no predictions at all: every GT is missing
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", t.TempDir(), "--metrics", "none")
	if ExitCode(err) != ExitError {
		t.Fatalf("exit code %d, want 1", ExitCode(err))
	}
	if !strings.Contains(stderr, "missing") {
		t.Errorf("stderr does not mention missing files:\n%s", stderr)
	}
	_, _, err = evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", t.TempDir(), "--allow-incomplete", "--quiet")
	if err != nil {
		t.Errorf("--allow-incomplete: %v", err)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	gt := "../testdata/real/pysodmetrics/gt"
	pred := "../testdata/real/pysodmetrics/pred-sample"
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no gt", []string{"eval", "--pred", pred, "--out", "x"}, "--gt"},
		{"no pred", []string{"eval", "--gt", gt, "--out", "x"}, "--pred"},
		{"no out", []string{"eval", "--gt", gt, "--pred", pred}, "--out"},
		{"bad resize", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--resize", "cubic"}, "--resize"},
		{"bad task", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--task", "DIS"}, "--task"},
		{"bad weight key", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--weights", "bc=3"}, "--weights"},
		{"bad workers", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--workers", "0"}, "--workers"},
		{"duplicate model", []string{"eval", "--gt", gt, "--pred", "A=" + pred, "--pred", "A=" + gt, "--out", "x"}, "twice"},
		{"unknown flag", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--bogus"}, "bogus"},
		{"csv and json on stdout", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--csv", "-", "--json", "-"}, "both ask for stdout"},
		{"negative weight", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--weights", "bce=-1"}, "0 or more"},
		{"empty model name", []string{"eval", "--gt", gt, "--pred", "=" + pred, "--out", "x"}, "NAME=DIR"},
		{"nothing to compute", []string{"eval", "--gt", gt, "--pred", pred, "--out", "x", "--losses", "none", "--metrics", "none"}, "nothing to compute"},
		{"argument", []string{"eval", "stray", "--gt", gt, "--pred", pred, "--out", "x"}, "no arguments"},
		{"level for unknown model", []string{"eval", "--gt", gt, "--pred", "A=" + pred, "--level", "B=" + pred, "--out", "x"}, "no model named"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := evalArgs(t, c.args...)
			if ExitCode(err) != ExitUsage {
				t.Fatalf("exit code %d, want %d (err %v)", ExitCode(err), ExitUsage, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}

func TestEvalClassificationAndLevels(t *testing.T) {
	root := t.TempDir()
	gt := "../testdata/real/pysodmetrics/gt"
	pred := "../testdata/real/pysodmetrics/pred-sample"
	cls := filepath.Join(root, "cls.csv")
	// Logits (2, 0.5, -1) with label 0: cross-entropy 0.2413113..., times
	// lambdas_cls ce = 5 gives 1.2065564832857851 (BiRefNet ClsLoss value).
	content := "name,label,logit_0,logit_1,logit_2\n0001,0,2,0.5,-1\n19,2,2,0.5,-1\n"
	if err := os.WriteFile(cls, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--cls", cls, "--level", pred,
		"--out", out, "--metrics", "none")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	clsCol := column(t, header, "loss_cls")
	if got := parseFloat(t, rows["sample/0001"][clsCol]); !near(got, 1.2065564832857851, 1e-12, 0) {
		t.Errorf("loss_cls 0001 = %.17g, want 1.2065564832857851", got)
	}
	if got := parseFloat(t, rows["sample/19"][clsCol]); !near(got, 16.206556483285787, 1e-12, 0) {
		t.Errorf("loss_cls 19 = %.17g, want 16.206556483285787", got)
	}
	// The third image has no row in the classification file.
	if got := parseFloat(t, rows["sample/aerial-1867541__340"][clsCol]); !math.IsNaN(got) {
		t.Errorf("loss_cls of an image without logits = %v, want NaN", got)
	}
	if !strings.Contains(stderr, "aerial-1867541__340") {
		t.Errorf("stderr does not warn about the image without logits:\n%s", stderr)
	}

	// The level is the prediction itself, so the total is twice the pixel
	// total plus the classification loss.
	w := map[string]float64{"loss_bce": 30, "loss_iou": 0.5, "loss_ssim": 10}
	r := rows["sample/0001"]
	pix := 0.0
	for k, weight := range w {
		pix += weight * parseFloat(t, r[column(t, header, k)])
	}
	want := 2*pix + 1.2065564832857851
	if got := parseFloat(t, r[column(t, header, "loss_total")]); !near(got, want, 1e-12, 1e-12) {
		t.Errorf("loss_total = %.17g, want %.17g", got, want)
	}
}

func TestEvalStdoutFormats(t *testing.T) {
	gt := "../testdata/real/pysodmetrics/gt"
	pred := "../testdata/real/pysodmetrics/pred-sample"
	stdout, _, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", t.TempDir(), "--csv", "-", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout, "model,name,height,width,resized") {
		t.Errorf("--csv - did not write the CSV to stdout: %.80q", stdout)
	}
	stdout, _, err = evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", t.TempDir(), "--json", "-", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, `"schema_version"`) {
		t.Errorf("--json - did not write summary.json to stdout: %.80q", stdout)
	}
}

func TestExitCodeMapping(t *testing.T) {
	if ExitCode(nil) != ExitOK {
		t.Error("nil error must map to 0")
	}
	if ExitCode(errors.New("x")) != ExitError {
		t.Error("plain error must map to 1")
	}
	if ExitCode(flagErrorf("x")) != ExitUsage {
		t.Error("flag error must map to 2")
	}
	if ExitCode(&StatusError{Code: ExitRegression, Err: errors.New("x")}) != ExitRegression {
		t.Error("regression must map to 3")
	}
}

func TestEvalUnusableFolders(t *testing.T) {
	pred := "../testdata/real/pysodmetrics/pred-sample"
	file := filepath.Join(t.TempDir(), "mask.png")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, gt, want string
		code           int
	}{
		{"empty GT folder", t.TempDir(), "no mask files in the GT folder", ExitError},
		{"GT folder not found", filepath.Join(t.TempDir(), "nope"), "invalid --gt: folder", ExitUsage},
		{"GT is a file", file, "is a file, not a folder", ExitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := evalArgs(t, "eval", "--gt", c.gt, "--pred", pred, "--out", t.TempDir())
			if ExitCode(err) != c.code {
				t.Fatalf("exit code %d, want %d (err %v)", ExitCode(err), c.code, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}

func TestEvalConfigFile(t *testing.T) {
	gt := "../testdata/real/pysodmetrics/gt"
	pred := "../testdata/real/pysodmetrics/pred-sample"
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// A BiRefNet-style config: General weights with mae switched off again,
	// then --weights raises ssim. Expected total: 30·bce + 0.5·iou + 20·ssim.
	good := write("good.yaml", "task: General\nlambdas_pix_last:\n  mae: 0\nlambdas_cls:\n  ce: 2\n")
	out := filepath.Join(dir, "out")
	_, _, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", out, "--config", good,
		"--weights", "ssim=20", "--metrics", "none", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	for key, r := range rows {
		want := 30*parseFloat(t, r[column(t, header, "loss_bce")]) +
			0.5*parseFloat(t, r[column(t, header, "loss_iou")]) +
			20*parseFloat(t, r[column(t, header, "loss_ssim")])
		got := parseFloat(t, r[column(t, header, "loss_total")])
		if !near(got, want, 1e-12, 1e-12) {
			t.Errorf("%s: loss_total = %.17g, want %.17g", key, got, want)
		}
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"task": "General"`, `"ce": 2`, `"ssim": 20`} {
		if !strings.Contains(string(summary), want) {
			t.Errorf("summary.json lacks %s", want)
		}
	}

	bad := []struct {
		name, content, want string
	}{
		{"unknown cls key", "lambdas_cls:\n  bce: 1\n", "lambdas_cls"},
		{"unknown weight key", "lambdas_pix_last:\n  bcee: 1\n", "bcee"},
		{"not yaml", "lambdas_pix_last: [1, 2\n", "--config"},
		{"unknown task", "task: Portraits\n", "--task"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			path := write(strings.ReplaceAll(c.name, " ", "-")+".yaml", c.content)
			_, _, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", t.TempDir(), "--config", path)
			if ExitCode(err) != ExitUsage {
				t.Fatalf("exit code %d, want %d (err %v)", ExitCode(err), ExitUsage, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
		})
	}
}

func TestEvalTinyImageWarnsAboutContour(t *testing.T) {
	dir := t.TempDir()
	maskFolders(t, dir)
	// The 2×5 pair of BiRefNet's reference table (thin_2x5), copied from
	// the synthetic loss references.
	copyFile(t, "../testdata/reference/synthetic-loss/gt/c10_thin_2x5.png", filepath.Join(dir, "gt", "thin.png"))
	copyFile(t, "../testdata/reference/synthetic-loss/pred/c10_thin_2x5.png", filepath.Join(dir, "pred", "thin.png"))
	out := filepath.Join(dir, "out")
	_, stderr, err := evalArgs(t, "eval", "--gt", filepath.Join(dir, "gt"), "--pred", filepath.Join(dir, "pred"), "--out", out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "loss_cnt is undefined") {
		t.Errorf("stderr lacks the contour warning:\n%s", stderr)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	if got := rows["pred/thin"][column(t, header, "loss_cnt")]; got != "NaN" {
		t.Errorf("loss_cnt = %q, want NaN", got)
	}
	if got := parseFloat(t, rows["pred/thin"][column(t, header, "loss_total")]); math.IsNaN(got) {
		t.Error("loss_total is NaN, but cnt has no weight in the DIS5K preset")
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEvalConfigWithoutKnownKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "typo.yaml")
	if err := os.WriteFile(path, []byte("lambda_pix_last:\n  bce: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := evalArgs(t, "eval", "--gt", "../testdata/real/pysodmetrics/gt",
		"--pred", "../testdata/real/pysodmetrics/pred-sample", "--out", t.TempDir(), "--config", path)
	if ExitCode(err) != ExitUsage {
		t.Fatalf("exit code %d, want %d (err %v)", ExitCode(err), ExitUsage, err)
	}
	if !strings.Contains(err.Error(), "lambdas_pix_last") {
		t.Errorf("error %q does not name the expected keys", err)
	}
}

// writeGrey writes an 8-bit grey PNG.
func writeGrey(t *testing.T, path string, w, h int, value func(x, y int) uint8) {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Pix[y*w+x] = value(x, y)
		}
	}
	writePNG(t, path, img)
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEvalAlphaCutouts(t *testing.T) {
	dir := t.TempDir()
	gt, pred := maskFolders(t, dir)
	// GT: a grey mask with the left half foreground. Prediction: a cut-out
	// whose alpha is the same mask and whose colour is a photo-like ramp
	// that has nothing to do with it.
	inside := func(x, y int) bool { return x < 8 }
	writeGrey(t, filepath.Join(gt, "a.png"), 16, 16, func(x, y int) uint8 {
		if inside(x, y) {
			return 255
		}
		return 0
	})
	cut := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			a := uint8(0)
			if inside(x, y) {
				a = 255
			}
			cut.SetNRGBA(x, y, color.NRGBA{R: uint8(16 * y), G: 90, B: uint8(16 * x), A: a})
		}
	}
	writePNG(t, filepath.Join(pred, "a.png"), cut)

	out := filepath.Join(dir, "with")
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", out, "--alpha", "--metrics", "mae")
	if err != nil {
		t.Fatalf("--alpha with a grey GT: %v", err)
	}
	if strings.Contains(stderr, "transparent") {
		t.Errorf("warning about transparency although --alpha was given:\n%s", stderr)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	if got := parseFloat(t, rows["pred/a"][column(t, header, "loss_mae")]); got != 0 {
		t.Errorf("loss_mae with --alpha = %v, want 0 (the alpha is the GT)", got)
	}

	_, stderr, err = evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", filepath.Join(dir, "without"), "--metrics", "mae")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "transparent pixels") || !strings.Contains(stderr, "--alpha") {
		t.Errorf("no warning about a cut-out read without --alpha:\n%s", stderr)
	}
}

func TestEvalReportsSkippedAndUnknownNames(t *testing.T) {
	dir := t.TempDir()
	gt, pred := filepath.Join(dir, "gt"), filepath.Join(dir, "pred")
	copyDir(t, "../testdata/real/pysodmetrics/gt", gt)
	copyDir(t, "../testdata/real/pysodmetrics/pred-sample", pred)
	if err := os.WriteFile(filepath.Join(pred, "notes.gif"), []byte("GIF89a"), 0o644); err != nil {
		t.Fatal(err)
	}
	cls := filepath.Join(dir, "cls.csv")
	if err := os.WriteFile(cls, []byte("name,label,l0,l1\n0001,0,1,2\nnot-an-image,1,0,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--cls", cls, "--out", out, "--metrics", "none")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"notes.gif", "not-an-image"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not name %s:\n%s", want, stderr)
		}
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(summary, []byte("notes.gif")) {
		t.Error("summary.json does not list the skipped file")
	}
}

func TestEvalResizeErrorIsNotResized(t *testing.T) {
	out := t.TempDir()
	_, stderr, _ := evalArgs(t, "eval", "--gt", "../testdata/real/ecssd-noori/gt",
		"--pred", "../testdata/real/ecssd-noori/pred-unknown", "--out", out, "--resize", "error")
	if strings.Contains(stderr, "resized to the GT size") {
		t.Errorf("pairs that failed with --resize error are reported as resized:\n%s", stderr)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	if got := rows["unknown/0001"][column(t, header, "resized")]; got != "0" {
		t.Errorf("resized column = %q, want 0", got)
	}
}

// TestEvalAUCAgainstPySODMetrics15 checks the dataset curves behind the AUC
// values against PySODMetrics 1.5.0, the last release whose example results
// (testdata/real/pysodmetrics/reference-metrics.json, key v1_5_0) report
// AUC. That release takes the trapezoid over the 256 points of the mean
// curves alone. birefloss closes the curves at their ends: (0, 0) and
// (1, 1) for ROC, and recall 0 for PR. Its own values therefore differ, and
// they are pinned here as this implementation computes them on the same
// three pairs.
func TestEvalAUCAgainstPySODMetrics15(t *testing.T) {
	out := t.TempDir()
	_, _, err := evalArgs(t, "eval", "--gt", "../testdata/real/pysodmetrics/gt",
		"--pred", "../testdata/real/pysodmetrics/pred-sample", "--out", out, "--losses", "none", "--metrics", "fm,fpr,rec,auc", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	var summary struct {
		Models []struct {
			Metrics map[string]float64   `json:"metrics"`
			Curves  map[string][]float64 `json:"curves"`
		} `json:"models"`
	}
	data, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &summary); err != nil {
		t.Fatal(err)
	}

	var ref map[string]map[string]float64
	data, err = os.ReadFile("../testdata/real/pysodmetrics/reference-metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	m := summary.Models[0]

	// Curves are stored for t = 0…255; x grows as t falls.
	trapezoid := func(x, y []float64) float64 {
		area := 0.0
		for t := 255; t > 0; t-- {
			area += (x[t-1] - x[t]) * (y[t-1] + y[t]) / 2
		}
		return area
	}

	pr := trapezoid(m.Curves["recall"], m.Curves["precision"])
	roc := trapezoid(m.Curves["fpr"], m.Curves["recall"])
	if want := ref["v1_5_0"]["auc_pr"]; !near(pr, want, 0, 1e-12) {
		t.Errorf("PySODMetrics 1.5.0 PR area from our curves = %.17g, reference %.17g", pr, want)
	}
	if want := ref["v1_5_0"]["auc_roc"]; !near(roc, want, 0, 1e-12) {
		t.Errorf("PySODMetrics 1.5.0 ROC area from our curves = %.17g, reference %.17g", roc, want)
	}

	if got := m.Metrics["auc_pr"]; !near(got, 0.40709428116321894, 0, 1e-12) {
		t.Errorf("auc_pr = %.17g, want 0.40709428116321894", got)
	}
	if got := m.Metrics["auc_roc"]; !near(got, 0.6474636592761586, 0, 1e-12) {
		t.Errorf("auc_roc = %.17g, want 0.6474636592761586", got)
	}
}

func TestEvalAmbiguousOnlyPrediction(t *testing.T) {
	dir := t.TempDir()
	gt, pred := maskFolders(t, dir)
	copyFile(t, "../testdata/real/pysodmetrics/gt/0001.png", filepath.Join(gt, "0001.png"))
	copyFile(t, "../testdata/real/pysodmetrics/pred-sample/0001.png", filepath.Join(pred, "0001.png"))
	copyFile(t, "../testdata/real/pysodmetrics/pred-sample/0001.png", filepath.Join(pred, "0001.bmp"))
	out := filepath.Join(dir, "out")
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", out)
	if ExitCode(err) != ExitError {
		t.Fatalf("exit code %d, want %d (err %v)", ExitCode(err), ExitError, err)
	}
	if !strings.Contains(err.Error(), "1 ambiguous") {
		t.Errorf("error %q does not count the ambiguous name", err)
	}
	if !strings.Contains(stderr, "matches several files") {
		t.Errorf("stderr does not list the ambiguous name:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "summary.json")); err != nil {
		t.Errorf("no summary.json: %v", err)
	}
}

func TestEvalGateFlagsCheckedFirst(t *testing.T) {
	gt := "../testdata/real/pysodmetrics/gt"
	pred := "../testdata/real/pysodmetrics/pred-sample"
	base := t.TempDir()
	if _, _, err := evalArgs(t, "eval", "--gt", gt, "--pred", pred, "--out", base, "--quiet"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown threshold key", []string{"--baseline", base, "--max-regress", "foo=1"}, `unknown key "foo"`},
		{"empty markdown path", []string{"--baseline", base, "--markdown", ""}, "--markdown is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"eval", "--gt", gt, "--pred", pred, "--out", out}, c.args...)
			_, _, err := evalArgs(t, args...)
			if ExitCode(err) != ExitUsage {
				t.Fatalf("exit code %d, want %d (err %v)", ExitCode(err), ExitUsage, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the output folder was created: the flags were checked after the evaluation")
			}
		})
	}
}

func TestEvalClsForSomeModelsWarns(t *testing.T) {
	gt := "../testdata/real/pysodmetrics/gt"
	pred := "../testdata/real/pysodmetrics/pred-sample"
	cls := filepath.Join(t.TempDir(), "cls.csv")
	if err := os.WriteFile(cls, []byte("name,label,l0,l1\n0001,0,1,2\n19,1,0,0\naerial-1867541__340,0,0,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := evalArgs(t, "eval", "--gt", gt, "--pred", "A="+pred, "--pred", "B="+pred,
		"--cls", "A="+cls, "--out", t.TempDir(), "--metrics", "none")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "model B has no --cls file") {
		t.Errorf("no warning that the totals are not comparable:\n%s", stderr)
	}
}

func TestEvalLossesAcceptColumnNames(t *testing.T) {
	out := t.TempDir()
	_, _, err := evalArgs(t, "eval", "--gt", "../testdata/real/pysodmetrics/gt",
		"--pred", "../testdata/real/pysodmetrics/pred-sample", "--out", out, "--losses", "loss_bce, iou", "--metrics", "none", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	header, _ := readCSV(t, filepath.Join(out, "per_image.csv"))
	got := strings.Join(header, ",")
	if want := "model,name,height,width,resized,loss_bce,loss_iou,loss_total,error"; got != want {
		t.Errorf("header %q, want %q", got, want)
	}
}

// TestEvalResizedPairsMatchReference runs the synthetic reference pairs
// whose prediction has another size than its GT. The reference values were
// computed after cv2.resize(INTER_LINEAR) of OpenCV 4.6: PySODMetrics 1.6.2
// for the metrics and BiRefNet's loss.py (25cb930, float64) for the losses.
// A resize that differs from OpenCV's fixed-point arithmetic by one level
// would be acceptable (within 1e-2), but imgio.ResizeLinear reproduces it
// on these pairs, so the test holds the same 1e-6 as pairs of equal size
// (observed differences are below 1e-10).
func TestEvalResizedPairsMatchReference(t *testing.T) {
	const tol = 1e-6
	out := t.TempDir()
	_, _, err := evalArgs(t, "eval", "--gt", "../testdata/reference/synthetic-metrics/gt",
		"--pred", "../testdata/reference/synthetic-metrics/pred", "--out", out, "--allow-incomplete", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	header, rows := readCSV(t, filepath.Join(out, "per_image.csv"))
	refHeader, refRows := readRefCSV(t, "../testdata/reference/synthetic-metrics/metrics.csv")
	resized := 0
	for name, ref := range refRows {
		if ref[column(t, refHeader, "resized")] != "1" {
			continue
		}
		resized++
		row := rows["pred/"+name]
		if row == nil {
			t.Fatalf("%s: no row", name)
		}
		if row[column(t, header, "resized")] != "1" {
			t.Errorf("%s: not marked as resized", name)
		}
		for ours, theirs := range map[string]string{"sm": "Sm", "wfm": "wFm", "mae": "MAE", "em_adp": "adpEm", "fm_adp": "adpFm", "em_max": "img_maxEm", "fm_max": "img_maxFm"} {
			got := parseFloat(t, row[column(t, header, ours)])
			want := parseFloat(t, ref[column(t, refHeader, theirs)])
			if !near(got, want, 0, tol) {
				t.Errorf("%s %s = %.17g, PySODMetrics %.17g", name, ours, got, want)
			}
		}
	}
	if resized != 2 {
		t.Errorf("found %d resized reference pairs, want 2 (c08, c09)", resized)
	}

	out = t.TempDir()
	_, _, err = evalArgs(t, "eval", "--gt", "../testdata/reference/synthetic-loss/gt",
		"--pred", "../testdata/reference/synthetic-loss/pred", "--out", out, "--metrics", "none", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	header, rows = readCSV(t, filepath.Join(out, "per_image.csv"))
	refHeader, refRows = readRefCSV(t, "../testdata/reference/synthetic-loss/loss.csv")
	ref := refRows["c09_size_mismatch"]
	row := rows["pred/c09_size_mismatch"]
	for _, key := range []string{"bce", "iou", "ssim", "mae", "mse", "cnt", "structure"} {
		got := parseFloat(t, row[column(t, header, "loss_"+key)])
		want := parseFloat(t, ref[column(t, refHeader, key)])
		if !near(got, want, tol, tol) {
			t.Errorf("c09_size_mismatch loss_%s = %.17g, BiRefNet %.17g", key, got, want)
		}
	}
}

// maskFolders creates the folders gt and pred in dir and returns their paths.
func maskFolders(t *testing.T, dir string) (gt, pred string) {
	t.Helper()
	gt, pred = filepath.Join(dir, "gt"), filepath.Join(dir, "pred")
	for _, d := range []string{gt, pred} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return gt, pred
}
