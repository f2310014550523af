package compare

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/birefloss/birefloss/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/compare")

const goldenDir = "../testdata/compare"

// checkGolden compares got with the golden file name. With -update it
// rewrites the file; on a mismatch it writes got to name.got beside it.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gotPath := path + ".got"
	if err := os.WriteFile(gotPath, got, 0o644); err != nil {
		t.Fatal(err)
	}
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Fatalf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(output written to %s; diff it, then run go test -update if the change is intended)",
				name, i+1, g, w, gotPath)
		}
	}
}

// goldenComparison compares two models: A regresses on fm_max, on image
// b's loss_total and loses image c; B gets better. The resize setting
// differs and is allowed.
func goldenComparison(t *testing.T) *Comparison {
	t.Helper()
	base := testRun(3, testModel("A", 0.9, baseImages()...), testModel("B", 0.8, baseImages()...))

	imagesA := baseImages()
	imagesA[1].total += 0.25
	imagesA[1].bce += 0.01
	imagesA[2].err = "decode pred-A/c.png: unexpected EOF"
	imagesB := baseImages()
	imagesB[0].sm = 0.95
	imagesB[0].total = 3
	next := testRun(3, testModel("A", 0.85, imagesA...), testModel("B", 0.82, imagesB...))
	next.Settings.Resize = "align-corners"

	c := compareRuns(t, base, next, Options{
		MaxRegress:      mustThresholds(t, "fm_max=0.01,loss_total=5%,*=0.5"),
		MaxImageRegress: mustThresholds(t, "loss_total=0.1"),
		AllowMismatch:   true,
	})
	// The files live in temporary folders; give them stable names.
	c.Baseline.Summary, c.Baseline.PerImage = "baseline/summary.json", "baseline/per_image.csv"
	c.New.Summary, c.New.PerImage = "out/summary.json", "out/per_image.csv"
	return c
}

func TestWriteMarkdownGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, goldenComparison(t)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "regression.md", buf.Bytes())
}

func TestWriteTextGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, goldenComparison(t)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "regression.txt", buf.Bytes())
}

func TestWriteJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, goldenComparison(t)); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "regression.json", buf.Bytes())

	// The document decodes, and its regressions are complete.
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Regressions   []struct {
			Kind, Model, Image, Key string
		} `json:"regressions"`
		MaxRegress map[string]string `json:"max_regress"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != SchemaVersion {
		t.Errorf("schema_version %d, want %d", doc.SchemaVersion, SchemaVersion)
	}
	if len(doc.Regressions) != 3 {
		t.Errorf("%d regressions in JSON, want 3 (fm_max and image b of A, image c of A)", len(doc.Regressions))
	}
	if doc.MaxRegress["loss_total"] != "5%" {
		t.Errorf(`max_regress.loss_total = %q, want "5%%"`, doc.MaxRegress["loss_total"])
	}
}

func TestWriteMarkdownPass(t *testing.T) {
	run := testRun(3, testModel("A", 0.9, baseImages()...))
	c := compareRuns(t, run, run, Options{})
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, c); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "## birefloss comparison: no regression\n") {
		t.Errorf("Markdown of an unchanged run starts %q", strings.SplitN(out, "\n", 2)[0])
	}
	if strings.Contains(out, "### Regressions") {
		t.Error("Markdown of an unchanged run has a regressions table")
	}
}

func TestMarkdownCellEscapes(t *testing.T) {
	if got := mdCell("a|b\nc\\d"); got != `a\|b c\\d` {
		t.Errorf("mdCell = %q", got)
	}
}

func TestFormatNegativeZero(t *testing.T) {
	negZero := math.Copysign(0, -1)
	if got := formatValue(negZero); got != "0" {
		t.Errorf("formatValue(-0) = %q, want 0", got)
	}
	cases := []struct {
		change Change
		want   string
	}{
		{Change{Delta: report.Float(negZero), Relative: report.Float(negZero)}, "+0 (+0.00%)"},
		{Change{Delta: 0, Relative: -1e-9}, "+0 (+0.00%)"},
		{Change{Delta: -0.5, Relative: -0.25}, "-0.5 (-25.00%)"},
	}
	for _, c := range cases {
		if got := formatDelta(c.change); got != c.want {
			t.Errorf("formatDelta(delta %v, relative %v) = %q, want %q", float64(c.change.Delta), float64(c.change.Relative), got, c.want)
		}
	}
}

func TestOutputCountsSingular(t *testing.T) {
	c := &Comparison{
		Regressions: []Regression{{
			Kind: KindImageValue, Model: "A", Image: "100075", Key: "loss_total",
			Message: "model A: image 100075: loss_total worsened from 1 to 2: +1 (+100.00%), threshold 0.1",
		}},
		Models: []ModelComparison{{
			Baseline: "A", New: "A",
			Dataset:   []Change{{Key: "loss_total", Status: StatusRegression}},
			PerImage:  true,
			ImageKeys: []ImageKeyStats{{Key: "loss_total", Compared: 1, Regression: 1}},
		}},
	}
	var md, text bytes.Buffer
	if err := WriteMarkdown(&md, c); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&text, c); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## birefloss comparison: 1 regression\n",
		"Dataset values: 1 key, 1 regression, 0 worse",
		"Per image: 1 image compared",
		"| A | 100075 | loss_total | loss_total worsened from 1 to 2: +1 (+100.00%), threshold 0.1 |\n",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Contains(md.String(), "| model A: image 100075:") {
		t.Errorf("Markdown Detail column repeats the model and image:\n%s", md.String())
	}
	for _, want := range []string{"per image (1 image compared)", "\n1 regression\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}

func TestCountNoun(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{{0, "0 keys"}, {1, "1 key"}, {2, "2 keys"}, {19, "19 keys"}}
	for _, c := range cases {
		if got := countNoun(c.n, "key", "keys"); got != c.want {
			t.Errorf("countNoun(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
