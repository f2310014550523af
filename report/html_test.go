package report

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testThumbnails renders a 64×48 thumbnail of the ten worst rows of each
// model, as the evaluation does for the report.
func testThumbnails(t testing.TB, run *Run) []Thumbnail {
	t.Helper()
	const width, height = 64, 48
	gt := make([]uint8, width*height)
	pred := make([]uint8, width*height)
	for y := range height {
		for x := range width {
			if x > 16 && x < 48 && y > 8 && y < 40 {
				gt[y*width+x] = 255
			}
			if x > 20 && x < 52 && y > 8 && y < 36 {
				pred[y*width+x] = uint8(4 * x)
			}
		}
	}
	var thumbs []Thumbnail
	for mi := range run.Models {
		m := &run.Models[mi]
		for _, ri := range WorstRows(m, run, 10) {
			th, err := MakeThumbnail(m.Name, m.Rows[ri].Name, gt, pred, width, height, 160)
			if err != nil {
				t.Fatal(err)
			}
			thumbs = append(thumbs, th)
		}
	}
	return thumbs
}

func writeTestHTML(t *testing.T, run *Run, thumbs []Thumbnail) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, run, thumbs); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWriteHTMLSections(t *testing.T) {
	run := testRun()
	out := writeTestHTML(t, run, testThumbnails(t, run))

	patterns := []string{
		`<!DOCTYPE html>`,
		`<h1>birefloss report</h1>`,
		`version 0\.1\.0-test`,
		`<h2>Settings</h2>`,
		`<th scope="row">GT folder</th><td class="path">data/gt</td>`,
		`bce = 30, iou = 0\.5, ssim = 10`,
		`<h2>Summary</h2>`,
		`<h2>Distributions over images</h2>`,
		`<h2>Per-image values, sorted</h2>`,
		`<h2>Worst images</h2>`,
		`<h2>Metric curves</h2>`,
		`<h2>Warnings</h2>`,
		`ModelA`,
		`ModelB`,
		`<svg viewBox="[^"]+" role="img" aria-label="loss_total \(lower is better\)">`,
		`aria-label="Per-image loss_total, sorted ascending"`,
		`aria-label="Precision–recall"`,
		`aria-label="F-measure vs threshold"`,
		// html/template writes '+' in attributes as &#43;.
		`<img class="thumb" src="data:image/png;base64,([A-Za-z0-9/=]|&#43;)+"`,
		// ModelA's mean loss_total (7.1875) leaves out a NaN that ModelB's
		// has no counterpart for, so it is not highlighted, and a note
		// explains why. The best mean loss_bce (ModelA, 0.26667) is highlighted.
		`<td class="num" title="7\.187500000000001">7\.1875<span class="undef" title="left out of the mean">1 NaN</span>`,
		`<p class="caveat">A loss row whose means leave out NaN or Inf values of different images marks no best value\.</p>`,
		`<td class="num best" title="0\.26666666666666666">0\.26667`,
		// Handler table: iou_bin is better for ModelB.
		`<th scope="rowgroup" rowspan="2">iou<span class="dir">↑</span></th>`,
	}
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(out) {
			t.Errorf("report has no match for %s", p)
		}
	}
	if n := strings.Count(out, "<svg"); n < 10 {
		t.Errorf("report has %d SVG plots, want at least 10 (7 distributions, sorted totals, 2 curves)", n)
	}
}

func TestWriteHTMLDifferentImages(t *testing.T) {
	out := writeTestHTML(t, differentImagesRun(), nil)
	note := `<p class="caveat">The models were not evaluated on the same images (images evaluated: ModelA 3, ModelB 2), ` +
		`so their means, dataset metrics and ranks are over different images and no best value is marked.</p>`
	summary := out[strings.Index(out, `<section id="summary">`):strings.Index(out, `<section id="comparison">`)]
	if !strings.Contains(summary, note) {
		t.Errorf("summary section lacks the note %s", note)
	}
	if strings.Contains(out, ` best"`) {
		t.Error("report marks a best value over different images")
	}
	// Every ranking key is over different images, so there is no ranking.
	comparison := out[strings.Index(out, `<section id="comparison">`):]
	if !strings.Contains(comparison, `<p class="caveat">`+noRankingNote+`</p>`) {
		t.Errorf("comparison section lacks the no-ranking note:\n%.600s", comparison)
	}
	if strings.Contains(comparison, "Mean rank") {
		t.Error("comparison section ranks models over different images")
	}
}

func TestWriteHTMLWarningsListed(t *testing.T) {
	out := writeTestHTML(t, testRun(), nil)
	warnings := out[strings.Index(out, `<section id="warnings">`):]

	patterns := []string{
		`Ambiguous GT names[^<]*: <span class="warn-count">1</span>`,
		`<li>dup: data/gt/dup\.jpg, data/gt/dup\.png</li>`,
		`Missing \(GT without a prediction\): <span class="warn-count">1</span></summary>\s*<ul class="items">\s*<li>005</li>`,
		`<li>999</li>`,
		`<li>003: decode data/pred-a/003\.png: unexpected EOF</li>`,
		`<li>004: 320×240 → 640×480</li>`,
		`<li>data/pred-a/004\.png</li>`,
		`<li>data/gt/002\.png: contour loss undefined for an image under 3 pixels</li>`,
		`<li>003: data/pred-b/003\.jpg, data/pred-b/003\.png</li>`,
		// ModelB has no extra files, failures or resized pairs.
		`Extra \(prediction without a GT\): <span class="none">none</span>`,
		`Failed: <span class="none">none</span>`,
	}
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(warnings) {
			t.Errorf("warnings section has no match for %s", p)
		}
	}
}

func TestWriteHTMLSelfContained(t *testing.T) {
	run := testRun()
	out := writeTestHTML(t, run, testThumbnails(t, run))

	attr := regexp.MustCompile(`(?i)\b(src|href|xlink:href)\s*=\s*"([^"]*)"`)
	for _, m := range attr.FindAllStringSubmatch(out, -1) {
		value := html.UnescapeString(m[2])
		if !strings.HasPrefix(value, "#") && !strings.HasPrefix(value, "data:image/png;base64,") {
			t.Errorf("%s=%q points outside the page", m[1], value)
		}
	}
	for _, forbidden := range []string{"http://", "https://", "<script", "<link", "@import", "url("} {
		if strings.Contains(out, forbidden) {
			t.Errorf("report contains %q", forbidden)
		}
	}
	if strings.Contains(out, "<?xml") {
		t.Error("report contains an XML declaration from vgsvg")
	}
}

func TestWriteHTMLEscapesModelName(t *testing.T) {
	run := testRun()
	run.Models[1].Name = `<script>alert("x")</script>`
	run.Models[1].Missing = []string{`<img src=x onerror=alert(1)>`}
	out := writeTestHTML(t, run, nil)

	if strings.Contains(out, "<script") {
		t.Error("model name reached the page unescaped")
	}
	if strings.Contains(out, "<img src=x") {
		t.Error("missing name reached the page unescaped")
	}
	if !strings.Contains(out, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("escaped model name not found in the HTML")
	}
	// vgsvg escapes plot text with html.EscapeString.
	if !strings.Contains(out, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</text>") {
		t.Error("escaped model name not found in a plot legend")
	}
}

func TestWriteHTMLOneModel(t *testing.T) {
	run := testRun()
	run.Models = run.Models[:1]
	out := writeTestHTML(t, run, nil)
	if strings.Contains(out, `class="num best"`) {
		t.Error("one-model report highlights a best value")
	}
	if !strings.Contains(out, "Histograms of the per-image values") {
		t.Error("one-model report does not describe histograms")
	}
	if !strings.Contains(out, `<td colspan="3" class="none">no thumbnail</td>`) {
		t.Error("worst row without a thumbnail has no placeholder")
	}
}

func TestWriteHTMLWithoutValues(t *testing.T) {
	run := &Run{Tool: "birefloss", Models: []Model{{Name: "empty"}}}
	out := writeTestHTML(t, run, nil)
	for _, want := range []string{
		"No per-image column has a finite value.",
		"The run has no loss_total, mae or sm column to sort by.",
		"No metric curves in this run.",
		"The run has no loss_total, mae or sm column, so the images are not ranked.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report has no %q", want)
		}
	}
}

func TestWriteHTMLNaNNotes(t *testing.T) {
	out := writeTestHTML(t, testRun(), nil)
	if !strings.Contains(out, "Undefined or infinite values not drawn: ModelA 1.") {
		t.Error("distribution of loss_iou does not say that a NaN value was left out")
	}
}

// benchmarkRun returns a run of nModels models with nRows rows each and
// fixed-seed values shaped like real losses and metrics.
func benchmarkRun(nModels, nRows int) *Run {
	run := testRun()
	rng := rand.New(rand.NewPCG(1, 2))
	models := make([]Model, nModels)
	for mi := range models {
		m := run.Models[mi%len(run.Models)]
		m.Name = fmt.Sprintf("model-%d", mi)
		m.Rows = make([]Row, nRows)
		for ri := range m.Rows {
			bce := math.Exp(rng.NormFloat64() - 2)
			iou := rng.Float64()
			ssim := rng.Float64() / 2
			total := 30*bce + 0.5*iou + 10*ssim
			values := []float64{bce, iou, ssim, total}
			for range run.MetricKeys {
				values = append(values, rng.Float64())
			}
			m.Rows[ri] = Row{Name: fmt.Sprintf("img-%05d", ri), Height: 480, Width: 640, Values: values}
		}
		models[mi] = m
	}
	run.Models = models
	return run
}

func TestWriteHTMLManyRowsStaysSmall(t *testing.T) {
	run := benchmarkRun(2, 20000)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, run, nil); err != nil {
		t.Fatal(err)
	}
	// Box plots thin their outliers and the sorted plot keeps at most
	// maxLinePoints points per model, so the page does not grow with the
	// rows. This report measured about 200 kB, a tenth of the 2 MB limit.
	if buf.Len() > 2<<20 {
		t.Errorf("report of 2×20000 rows is %d bytes, want under 2 MB", buf.Len())
	}
}

func BenchmarkWriteHTML(b *testing.B) {
	run := benchmarkRun(2, 1000)
	thumbs := testThumbnails(b, run)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteHTML(&buf, run, thumbs); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/report")
}

func TestWriteHTMLIncompleteNotice(t *testing.T) {
	out := writeTestHTML(t, testRun(), nil)
	start := strings.Index(out, `<div class="notice" id="incomplete">`)
	if start < 0 {
		t.Fatal("report of an incomplete run has no notice")
	}
	if start < strings.Index(out, "<h1>") || start > strings.Index(out, `<section id="settings">`) {
		t.Error("notice is not between the title and the settings")
	}
	notice := out[start : start+strings.Index(out[start:], "</div>")]
	for _, want := range []string{
		`<a href="#warnings">warnings</a>`,
		"<li>GT folder: 1 ambiguous GT name, left out of every model</li>",
		"ModelA: 1 failed, 1 missing, 0 ambiguous, 1 extra</li>",
		"ModelB: 0 failed, 1 missing, 1 ambiguous, 0 extra</li>",
	} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice lacks %q:\n%s", want, notice)
		}
	}
	if !strings.Contains(out, `<section id="warnings">`) {
		t.Error("the notice links to #warnings, but the page has no such section")
	}
}

func TestWriteHTMLCompleteRunNoNotice(t *testing.T) {
	run := testRun()
	run.GTAmbiguous = nil
	for i := range run.Models {
		m := &run.Models[i]
		m.Missing, m.Ambiguous = nil, nil
		m.Rows = slices.DeleteFunc(m.Rows, func(r Row) bool { return r.Err != "" })
	}
	out := writeTestHTML(t, run, nil)
	if strings.Contains(out, `class="notice"`) {
		t.Error("report of a complete run (extra predictions only) has an incomplete-run notice")
	}
}
