package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
)

//go:embed report.html.tmpl
var reportTemplateText string

var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"inc": func(n int) int { return n + 1 },
	"group": func(title string, items []warningItem) warningGroup {
		return warningGroup{Title: title, Items: items, Open: len(items) <= maxOpenWarnings}
	},
}).Parse(reportTemplateText))

// maxOpenWarnings is the longest warning list shown expanded. Longer lists
// start collapsed so that the page stays readable.
const maxOpenWarnings = 20

// minWorstRows is the number of rows of each worst-images table when fewer
// thumbnails than that are given for the model.
const minWorstRows = 10

// thumbnailDisplaySide is the longest side, in CSS pixels, at which the
// page shows a thumbnail, enlarging small ones with crisp pixels.
const thumbnailDisplaySide = 120

// distributionMetricKeys are the per-image metrics that get a distribution
// plot next to the loss columns.
var distributionMetricKeys = []string{"sm", "wfm", "mae", "em_adp", "fm_adp"}

// logScaleNote explains a logarithmic axis chosen by useLogScale.
const logScaleNote = "Logarithmic value axis, because the largest values exceed 10 times the median."

// WriteHTML writes report.html: one self-contained page with inline CSS,
// inline SVG plots and data: URL thumbnails, so that it fetches nothing.
// thumbs are matched to the worst-images tables by model and image name.
// Each table shows max(10, thumbnails of that model) rows, ranked as
// WorstRows ranks them. A plot that gonum/plot fails to draw is replaced
// by its error message instead of failing the page.
func WriteHTML(w io.Writer, run *Run, thumbs []Thumbnail) error {
	page, err := buildPage(run, thumbs)
	if err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// htmlPage is the data of the report template.
type htmlPage struct {
	Tool, Version string
	Settings      []settingRow
	Models        []htmlModel
	MultiModel    bool

	CountRows  []htmlRow
	LossRows   []htmlRow
	MetricRows []htmlRow
	// DifferentImages is the note under the summary when the models were
	// not evaluated on the same images, and MixedUndefined the note when a
	// loss row marks no best value because its means leave out undefined
	// values of different images. Both are empty when they do not apply.
	DifferentImages string
	MixedUndefined  string

	Distributions []figure
	Sorted        *figure
	SortedNote    string
	RankKey       string
	Worst         []worstTable
	Comparison    template.HTML
	Curves        []figure
	Handlers      handlerTable
	Legend        []legendEntry

	GTAmbiguous []warningItem
	Warnings    []modelWarnings
	// Incomplete is the notice at the top of the page, nil when every
	// model evaluated every GT name without error.
	Incomplete *incompleteNotice
}

// incompleteNotice summarises, per model, the pairs left out of a run.
type incompleteNotice struct {
	GTAmbiguous string // such as "1 ambiguous GT name", empty when none
	Models      []incompleteModel
}

type incompleteModel struct {
	Model  htmlModel
	Counts string // "1 failed, 2 missing, 0 ambiguous, 3 extra"
}

type settingRow struct{ Name, Value string }

type htmlModel struct {
	Name, Color, PredDir, Levels, ClsFile string
}

// htmlRow is a table row of formatted values, one per model.
type htmlRow struct {
	Label, Direction string
	Cells            []htmlCell
}

type htmlCell struct {
	Text      string
	Exact     string // every digit, for the tooltip
	Best      bool
	Undefined string // values left out of a mean, such as "1 NaN"
}

// figure is a rendered plot or the reason it is missing.
type figure struct {
	Title string
	SVG   template.HTML
	Error string
	Note  string
}

type worstTable struct {
	Model   htmlModel
	Columns []string
	Rows    []worstRow
	Empty   string
}

type worstRow struct {
	Rank            int
	Name, Size      string
	Cells           []htmlCell
	GT, Pred, Error template.URL
	Width, Height   int
	HasThumbnail    bool
}

type handlerTable struct {
	Columns []string
	Rows    []handlerRow
}

type handlerRow struct {
	Handler, Direction string
	Model              htmlModel
	First              bool // first row of its handler
	Span               int
	Cells              []htmlCell
}

type legendEntry struct{ Color, Label string }

type modelWarnings struct {
	Model  htmlModel
	Groups []warningGroup
}

type warningGroup struct {
	Title string
	Items []warningItem
	Open  bool
}

type warningItem struct{ Name, Detail string }

func buildPage(run *Run, thumbs []Thumbnail) (*htmlPage, error) {
	page := &htmlPage{
		Tool:       cmp.Or(run.Tool, "birefloss"),
		Version:    run.Version,
		Settings:   settingRows(run),
		MultiModel: len(run.Models) > 1,
	}
	for i := range run.Models {
		page.Models = append(page.Models, makeHTMLModel(run, i))
	}

	page.CountRows = countRows(run)
	page.LossRows = htmlRows(lossRows(run), page.MultiModel)
	page.MetricRows = htmlRows(metricRows(run, metricKeysForSummary(run)), page.MultiModel)
	page.DifferentImages = differentImagesNote(run)
	for _, r := range lossRows(run) {
		if page.MultiModel && r.OverDifferentImages {
			page.MixedUndefined = mixedUndefinedNote
		}
	}

	comparison, err := ComparisonSection(run, thumbs)
	if err != nil {
		return nil, err
	}
	page.Comparison = comparison

	page.Distributions = distributionFigures(run)
	page.Sorted, page.SortedNote, page.RankKey = sortedFigure(run)
	worst, err := worstTables(run, page.Models, thumbs)
	if err != nil {
		return nil, err
	}
	page.Worst = worst
	page.Curves = curveFigures(run)
	page.Handlers = makeHandlerTable(run, page.Models)
	page.Legend = []legendEntry{
		{cssColor(overlayGT), "GT foreground, predicted (> 128 in both)"},
		{cssColor(overlayFalsePositive), "false positive (prediction > 128, GT ≤ 128)"},
		{cssColor(overlayFalseNegative), "false negative (GT > 128, prediction ≤ 128)"},
		{cssColor(overlayBackground), "background in both"},
	}

	for _, a := range run.GTAmbiguous {
		page.GTAmbiguous = append(page.GTAmbiguous, warningItem{a.Name, strings.Join(a.Files, ", ")})
	}
	for i := range run.Models {
		page.Warnings = append(page.Warnings, makeModelWarnings(&run.Models[i], page.Models[i]))
	}
	page.Incomplete = makeIncompleteNotice(run, page.Models)
	return page, nil
}

// makeIncompleteNotice returns the notice of a run with failed, missing or
// ambiguous pairs, or nil for a complete run. Extra predictions alone do
// not make a run incomplete, because every GT name was still evaluated,
// but the notice counts them too.
func makeIncompleteNotice(run *Run, models []htmlModel) *incompleteNotice {
	complete := len(run.GTAmbiguous) == 0
	notice := &incompleteNotice{}
	if !complete {
		notice.GTAmbiguous = countNoun(len(run.GTAmbiguous), "ambiguous GT name", "ambiguous GT names")
	}
	for i := range run.Models {
		m := &run.Models[i]
		_, failed := modelCounts(m)
		if failed > 0 || len(m.Missing) > 0 || len(m.Ambiguous) > 0 {
			complete = false
		}
		notice.Models = append(notice.Models, incompleteModel{
			Model:  models[i],
			Counts: fmt.Sprintf("%d failed, %d missing, %d ambiguous, %d extra", failed, len(m.Missing), len(m.Ambiguous), len(m.Extra)),
		})
	}
	if complete {
		return nil
	}
	return notice
}

func makeHTMLModel(run *Run, i int) htmlModel {
	m := &run.Models[i]
	return htmlModel{
		Name:    m.Name,
		Color:   cssColor(modelColor(i)),
		PredDir: m.PredDir,
		Levels:  strings.Join(m.Levels, ", "),
		ClsFile: m.ClsFile,
	}
}

func settingRows(run *Run) []settingRow {
	s := &run.Settings
	rows := []settingRow{
		{"GT folder", s.GTDir},
		{"GT images", strconv.Itoa(run.GTCount)},
		{"Task (weight preset)", orNone(s.Task)},
		{"Loss weights", formatWeights(s.Weights)},
		{"Classification weights", formatWeights(s.ClsWeights)},
		{"Loss components", orNone(strings.Join(s.Losses, ", "))},
		{"Metrics", orNone(strings.Join(s.Metrics, ", "))},
		{"Resize", orNone(s.Resize)},
		{"Mask from alpha channel", yesNo(s.Alpha)},
		{"0/1 masks read as 0/255", yesNo(s.ScaleZeroOne)},
		{"Maximum pixels per image", strconv.FormatInt(s.MaxPixels, 10)},
		{"Prediction prefix stripped", orNone(s.PredPrefix)},
		{"Prediction suffix stripped", orNone(s.PredSuffix)},
		{"GT prefix stripped", orNone(s.GTPrefix)},
		{"GT suffix stripped", orNone(s.GTSuffix)},
	}
	if s.HCEMode != "" {
		rows = append(rows, settingRow{"HCE mode", s.HCEMode})
	}
	if s.ConfigFile != "" {
		rows = append(rows, settingRow{"Config file", s.ConfigFile})
	}
	return rows
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// formatWeights lists weights as "key = value" in key order.
func formatWeights(weights map[string]float64) string {
	keys := make([]string, 0, len(weights))
	for k := range weights {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " = " + formatValue(weights[k], -1)
	}
	return orNone(strings.Join(parts, ", "))
}

func countRows(run *Run) []htmlRow {
	type counter struct {
		label string
		count func(m *Model) int
	}
	counters := []counter{
		{"evaluated", func(m *Model) int { e, _ := modelCounts(m); return e }},
		{"failed", func(m *Model) int { _, f := modelCounts(m); return f }},
		{"missing", func(m *Model) int { return len(m.Missing) }},
		{"extra", func(m *Model) int { return len(m.Extra) }},
		{"ambiguous", func(m *Model) int { return len(m.Ambiguous) }},
		{"resized", func(m *Model) int { return len(m.Resized) }},
	}
	rows := make([]htmlRow, 0, len(counters))
	for _, c := range counters {
		r := htmlRow{Label: c.label}
		for i := range run.Models {
			n := strconv.Itoa(c.count(&run.Models[i]))
			r.Cells = append(r.Cells, htmlCell{Text: n, Exact: n})
		}
		rows = append(rows, r)
	}
	return rows
}

// metricKeysForSummary returns the main metric keys, then every other
// dataset metric key in the order the models list them.
func metricKeysForSummary(run *Run) []string {
	keys := slices.Clone(mainMetricKeys)
	for i := range run.Models {
		for _, s := range run.Models[i].Scalars {
			if !slices.Contains(keys, s.Key) {
				keys = append(keys, s.Key)
			}
		}
	}
	return keys
}

// htmlRows formats summary rows. Best marks are kept only with several
// models.
func htmlRows(rows []summaryRow, multiModel bool) []htmlRow {
	out := make([]htmlRow, 0, len(rows))
	for _, r := range rows {
		hr := htmlRow{Label: r.Key, Direction: directionLabel(r.Key)}
		for i, v := range r.Values {
			c := valueCell(v, multiModel && r.Best[i])
			if i < len(r.Undefined) {
				c.Undefined = r.Undefined[i]
			}
			hr.Cells = append(hr.Cells, c)
		}
		out = append(out, hr)
	}
	return out
}

func valueCell(v float64, best bool) htmlCell {
	return htmlCell{Text: formatValue(v, 5), Exact: formatValue(v, -1), Best: best}
}

// directionLabel returns an arrow for the better direction of key.
func directionLabel(key string) string {
	lower, known := Direction(key)
	switch {
	case !known:
		return ""
	case lower:
		return "↓"
	default:
		return "↑"
	}
}
