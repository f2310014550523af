package report

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"math"
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

	Distributions []figure
	Sorted        *figure
	SortedNote    string
	RankKey       string
	Worst         []worstTable
	Curves        []figure
	Handlers      handlerTable
	Legend        []legendEntry

	GTAmbiguous []warningItem
	Warnings    []modelWarnings
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
	return page, nil
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
		parts[i] = k + " = " + strconv.FormatFloat(weights[k], 'g', -1, 64)
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
	return htmlCell{Text: formatValue(v, 5), Exact: strconv.FormatFloat(v, 'g', -1, 64), Best: best}
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

// distributionFigures draws a distribution of each loss column and of the
// main per-image metrics, skipping columns without a finite value.
func distributionFigures(run *Run) []figure {
	type column struct {
		key string
		col int
	}
	var columns []column
	for i, key := range run.LossKeys {
		columns = append(columns, column{key, i})
	}
	for _, key := range distributionMetricKeys {
		if i := slices.Index(run.MetricKeys, key); i >= 0 {
			columns = append(columns, column{key, len(run.LossKeys) + i})
		}
	}

	names := make([]string, len(run.Models))
	for i := range run.Models {
		names[i] = run.Models[i].Name
	}
	var figures []figure
	for _, c := range columns {
		values := make([][]float64, len(run.Models))
		any := false
		var undrawn []string
		for i := range run.Models {
			finite, nans, infs := columnValues(&run.Models[i], c.col, nil)
			slices.Sort(finite)
			values[i] = finite
			any = any || len(finite) > 0
			if nans+infs > 0 {
				undrawn = append(undrawn, fmt.Sprintf("%s %d", run.Models[i].Name, nans+infs))
			}
		}
		if !any {
			continue
		}
		title := c.key + directionSuffix(c.key)
		f := figure{Title: title}
		var notes []string
		if len(undrawn) > 0 {
			notes = append(notes, "Undefined or infinite values not drawn: "+strings.Join(undrawn, ", ")+".")
		}
		var err error
		var logScale bool
		if len(run.Models) == 1 {
			f.SVG, logScale, err = histogramFigure(title, c.key, values[0], modelColor(0))
		} else {
			f.SVG, logScale, err = boxPlotFigure(title, c.key, names, values)
		}
		if err != nil {
			f.Error = err.Error()
		}
		if logScale {
			notes = append(notes, logScaleNote)
		}
		f.Note = strings.Join(notes, " ")
		figures = append(figures, f)
	}
	return figures
}

func directionSuffix(key string) string {
	lower, known := Direction(key)
	switch {
	case !known:
		return ""
	case lower:
		return " (lower is better)"
	default:
		return " (higher is better)"
	}
}

// sortedFigure draws the sorted per-image values of the ranking column.
func sortedFigure(run *Run) (*figure, string, string) {
	key, col, _, ok := rankingKey(run)
	if !ok {
		return nil, "", ""
	}

	var lines []sortedLine
	longest := 0
	for i := range run.Models {
		finite, _, _ := columnValues(&run.Models[i], col, nil)
		if len(finite) == 0 {
			continue
		}
		slices.Sort(finite)
		longest = max(longest, len(finite))
		lines = append(lines, sortedLine{model: i, name: run.Models[i].Name, sorted: finite})
	}
	if len(lines) == 0 {
		return nil, "", key
	}

	svg, logScale, err := sortedValuesFigure(key, lines)
	f := &figure{Title: "Per-image " + key + " sorted", SVG: svg}
	if err != nil {
		f.Error = err.Error()
	}
	var notes []string
	if logScale {
		notes = append(notes, logScaleNote)
	}
	if longest > maxLinePoints {
		notes = append(notes, fmt.Sprintf("Each line has at most %d points: past that, each point is the largest value of its block of ranks.", maxLinePoints))
	}
	return f, strings.Join(notes, " "), key
}

// worstTables builds the worst-images table of each model.
func worstTables(run *Run, models []htmlModel, thumbs []Thumbnail) ([]worstTable, error) {
	type pair struct{ model, name string }
	byPair := make(map[pair]*Thumbnail, len(thumbs))
	perModel := map[string]int{}
	for i := range thumbs {
		byPair[pair{thumbs[i].Model, thumbs[i].Name}] = &thumbs[i]
		perModel[thumbs[i].Model]++
	}

	key, _, _, ok := rankingKey(run)
	columns, indices := worstColumns(run, key)
	tables := make([]worstTable, 0, len(run.Models))
	for mi := range run.Models {
		m := &run.Models[mi]
		t := worstTable{Model: models[mi], Columns: columns}
		if !ok {
			t.Empty = "The run has no loss_total, mae or sm column, so the images are not ranked."
			tables = append(tables, t)
			continue
		}
		for rank, ri := range WorstRows(m, run, max(minWorstRows, perModel[m.Name])) {
			row := &m.Rows[ri]
			wr := worstRow{Rank: rank + 1, Name: row.Name, Size: fmt.Sprintf("%d×%d", row.Width, row.Height)}
			for _, col := range indices {
				v := math.NaN()
				if col < len(row.Values) {
					v = row.Values[col]
				}
				wr.Cells = append(wr.Cells, valueCell(v, false))
			}
			if th := byPair[pair{m.Name, row.Name}]; th != nil {
				if err := setThumbnail(&wr, th); err != nil {
					return nil, err
				}
			}
			t.Rows = append(t.Rows, wr)
		}
		if len(t.Rows) == 0 {
			t.Empty = "No evaluated images."
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// worstColumns returns the value columns of the worst-images tables: the
// ranking key, the loss components with a non-zero weight (every loss
// component when no weight matches), loss_cls, and the metrics mae and sm.
func worstColumns(run *Run, rankKey string) ([]string, []int) {
	var keys []string
	if rankKey != "" {
		keys = append(keys, rankKey)
	}
	var weighted, all []string
	for _, key := range run.LossKeys {
		if key == "loss_total" || key == "loss_cls" {
			continue
		}
		all = append(all, key)
		if run.Settings.Weights[strings.TrimPrefix(key, "loss_")] != 0 {
			weighted = append(weighted, key)
		}
	}
	if len(weighted) == 0 {
		weighted = all
	}
	keys = append(keys, weighted...)
	candidates := []string{"loss_cls", "mae", "sm"}
	for _, key := range candidates {
		if slices.Contains(run.LossKeys, key) || slices.Contains(run.MetricKeys, key) {
			keys = append(keys, key)
		}
	}

	var columns []string
	var indices []int
	for _, key := range keys {
		if slices.Contains(columns, key) {
			continue
		}
		col := slices.Index(run.LossKeys, key)
		if col < 0 {
			col = len(run.LossKeys) + slices.Index(run.MetricKeys, key)
		}
		columns = append(columns, key)
		indices = append(indices, col)
	}
	return columns, indices
}

// setThumbnail attaches th to a row as data: URLs, with a display size
// whose longest side is thumbnailDisplaySide.
func setThumbnail(wr *worstRow, th *Thumbnail) error {
	cfg, err := png.DecodeConfig(bytes.NewReader(th.ErrorOverlay))
	if err != nil {
		return fmt.Errorf("thumbnail %s/%s: decode overlay: %w", th.Model, th.Name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("thumbnail %s/%s: empty overlay image", th.Model, th.Name)
	}
	longest := max(cfg.Width, cfg.Height)
	wr.Width = max(1, cfg.Width*thumbnailDisplaySide/longest)
	wr.Height = max(1, cfg.Height*thumbnailDisplaySide/longest)
	wr.GT = pngDataURL(th.GT)
	wr.Pred = pngDataURL(th.Pred)
	wr.Error = pngDataURL(th.ErrorOverlay)
	wr.HasThumbnail = true
	return nil
}

// pngDataURL returns PNG bytes as a data: URL. The bytes come from
// MakeThumbnail or the caller, never from a network, so the URL is marked
// safe for html/template, which would otherwise replace it.
func pngDataURL(data []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(data))
}

// curveFigures draws the PR curve, the F-measure and E-measure curves and
// the other threshold curves that at least one model has.
func curveFigures(run *Run) []figure {
	thresholds := make([]float64, 256)
	for i := range thresholds {
		thresholds[i] = float64(i)
	}
	curve := func(m *Model, key string) []float64 {
		for _, c := range m.Curves {
			if c.Key == key {
				return c.Values
			}
		}
		return nil
	}

	var figures []figure
	add := func(title, xLabel, yLabel string, unitX, legendBottom bool, series []curveSeries) {
		if len(series) == 0 {
			return
		}
		svg, err := curveFigure(title, xLabel, yLabel, series, unitX, legendBottom)
		f := figure{Title: title, SVG: svg}
		if err != nil {
			f.Error = err.Error()
		}
		figures = append(figures, f)
	}

	var pr []curveSeries
	for i := range run.Models {
		m := &run.Models[i]
		p, r := curve(m, "precision"), curve(m, "recall")
		if hasFinitePoint(r, p) {
			pr = append(pr, curveSeries{model: i, name: m.Name, x: r, y: p})
		}
	}
	add("Precision–recall", "recall", "precision", true, true, pr)

	// Threshold curves: F-measure, E-measure, then the handler curves in
	// order of first appearance over the models.
	keys := []string{"fm", "em"}
	for i := range run.Models {
		for _, c := range run.Models[i].Curves {
			if !slices.Contains(keys, c.Key) && c.Key != "precision" && c.Key != "recall" {
				keys = append(keys, c.Key)
			}
		}
	}
	for _, key := range keys {
		var series []curveSeries
		for i := range run.Models {
			m := &run.Models[i]
			if y := curve(m, key); hasFinitePoint(thresholds, y) {
				series = append(series, curveSeries{model: i, name: m.Name, x: thresholds, y: y})
			}
		}
		add(curveTitle(key), "threshold (0–255)", key, false, false, series)
	}
	return figures
}

func curveTitle(key string) string {
	switch key {
	case "fm":
		return "F-measure vs threshold"
	case "em":
		return "E-measure vs threshold"
	}
	return key + " vs threshold" + directionSuffix(key)
}

func hasFinitePoint(x, y []float64) bool {
	for i := range min(len(x), len(y)) {
		if isFinite(x[i]) && isFinite(y[i]) {
			return true
		}
	}
	return false
}

// handlerSuffixOrder are the columns of the handler table.
var handlerSuffixOrder = []string{"adp", "mean", "max", "bin", "bin_pooled"}

// handlerNames lists the handlers in the order the metric keys use.
var handlerNames = []string{"iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1"}

// makeHandlerTable arranges the dataset values of the handler metrics as
// one row per handler and model, one column per aggregation.
func makeHandlerTable(run *Run, models []htmlModel) handlerTable {
	t := handlerTable{Columns: handlerSuffixOrder}
	for _, h := range handlerNames {
		present := false
		values := make([][]float64, len(handlerSuffixOrder))
		for j, suffix := range handlerSuffixOrder {
			for i := range run.Models {
				v, ok := scalar(&run.Models[i], h+"_"+suffix)
				present = present || ok
				values[j] = append(values[j], v)
			}
		}
		if !present {
			continue
		}
		best := make([][]bool, len(handlerSuffixOrder))
		for j, suffix := range handlerSuffixOrder {
			best[j] = bestValues(h+"_"+suffix, values[j])
		}
		for i := range run.Models {
			r := handlerRow{Handler: h, Direction: directionLabel(h), Model: models[i], First: i == 0, Span: len(run.Models)}
			for j := range handlerSuffixOrder {
				r.Cells = append(r.Cells, valueCell(values[j][i], best[j][i]))
			}
			t.Rows = append(t.Rows, r)
		}
	}
	return t
}

// makeModelWarnings lists every caveat of a model, grouped by kind.
func makeModelWarnings(m *Model, hm htmlModel) modelWarnings {
	mw := modelWarnings{Model: hm}
	group := func(title string, items []warningItem) {
		mw.Groups = append(mw.Groups, warningGroup{Title: title, Items: items, Open: len(items) <= maxOpenWarnings})
	}
	names := func(list []string) []warningItem {
		items := make([]warningItem, len(list))
		for i, s := range list {
			items[i] = warningItem{Name: s}
		}
		return items
	}

	group("Missing (GT without a prediction)", names(m.Missing))
	group("Extra (prediction without a GT)", names(m.Extra))
	var items []warningItem
	for _, a := range m.Ambiguous {
		items = append(items, warningItem{a.Name, strings.Join(a.Files, ", ")})
	}
	group("Ambiguous (several prediction files for one name)", items)
	items = nil
	for i := range m.Rows {
		if r := &m.Rows[i]; r.Err != "" {
			items = append(items, warningItem{r.Name, r.Err})
		}
	}
	group("Failed", items)
	items = nil
	for _, r := range m.Resized {
		items = append(items, warningItem{r.Name, fmt.Sprintf("%d×%d → %d×%d", r.FromWidth, r.FromHeight, r.ToWidth, r.ToHeight)})
	}
	group("Resized to the GT size", items)
	group("Masks with only the values 0 and 1", names(m.ZeroOne))
	group("Other warnings", names(m.Warnings))
	return mw
}
