package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// PrimaryKey returns the per-image column that ranks images and models:
// loss_total when keys has it, else mae, else sm, as WorstRows ranks rows.
// It returns "" when keys has none of them.
func PrimaryKey(keys []string) string {
	for _, k := range []string{"loss_total", "mae", "sm"} {
		if slices.Contains(keys, k) {
			return k
		}
	}
	return ""
}

// runPrimaryKey returns the PrimaryKey of run's per-image columns.
func runPrimaryKey(run *Run) string {
	return PrimaryKey(append(slices.Clone(run.LossKeys), run.MetricKeys...))
}

// ImageDelta is the change of one image's value from model A to model B
// of the same run.
type ImageDelta struct {
	Name       string
	RowA, RowB int // indices into the models' Rows
	A, B       float64
	// Improvement is how much better B is than A in the key's direction:
	// A − B when lower is better, B − A otherwise. It is positive when B is
	// better, and NaN when A or B is NaN.
	Improvement float64
}

// ImageDeltas compares models a and b of run (indices into run.Models)
// image by image on the per-image column key. Only images that both
// models evaluated without error are compared. The result is sorted by
// Improvement, largest first, then by name; NaN improvements come last.
// It fails when run has no such column or when the key's direction is
// unknown.
func ImageDeltas(run *Run, a, b int, key string) ([]ImageDelta, error) {
	if a < 0 || a >= len(run.Models) || b < 0 || b >= len(run.Models) {
		return nil, fmt.Errorf("image deltas: model index %d or %d out of range [0, %d)", a, b, len(run.Models))
	}
	col := slices.Index(run.LossKeys, key)
	if col < 0 {
		if j := slices.Index(run.MetricKeys, key); j >= 0 {
			col = len(run.LossKeys) + j
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("image deltas: the run has no per-image column %q", key)
	}
	lower, known := Direction(key)
	if !known {
		return nil, fmt.Errorf("image deltas: %q has no known direction (lower or higher is better)", key)
	}

	ma, mb := &run.Models[a], &run.Models[b]
	rowOfB := make(map[string]int, len(mb.Rows))
	for i := range mb.Rows {
		if mb.Rows[i].Err == "" {
			rowOfB[mb.Rows[i].Name] = i
		}
	}
	var deltas []ImageDelta
	for i := range ma.Rows {
		ra := &ma.Rows[i]
		j, ok := rowOfB[ra.Name]
		if ra.Err != "" || !ok {
			continue
		}
		d := ImageDelta{Name: ra.Name, RowA: i, RowB: j, A: rowValue(ra, col), B: rowValue(&mb.Rows[j], col)}
		d.Improvement = d.B - d.A
		if lower {
			d.Improvement = d.A - d.B
		}
		deltas = append(deltas, d)
	}
	sort.SliceStable(deltas, func(x, y int) bool {
		dx, dy := deltas[x].Improvement, deltas[y].Improvement
		if math.IsNaN(dx) || math.IsNaN(dy) {
			return !math.IsNaN(dx) && math.IsNaN(dy)
		}
		if dx != dy {
			return dx > dy
		}
		return deltas[x].Name < deltas[y].Name
	})
	return deltas, nil
}

func rowValue(r *Row, col int) float64 {
	if col < len(r.Values) {
		return r.Values[col]
	}
	return math.NaN()
}

// deltaTableRows is the number of largest improvements, and of largest
// worsenings, listed per compared pair of models.
const deltaTableRows = 5

// deltaCounts splits deltas by the sign of their improvement.
type deltaCounts struct{ Better, Worse, Equal, Undefined int }

func countDeltas(deltas []ImageDelta) deltaCounts {
	var c deltaCounts
	for _, d := range deltas {
		switch {
		case math.IsNaN(d.Improvement):
			c.Undefined++
		case d.Improvement > 0:
			c.Better++
		case d.Improvement < 0:
			c.Worse++
		default:
			c.Equal++
		}
	}
	return c
}

// extremeDeltas returns up to k of the largest improvements (largest
// first) and k of the largest worsenings (largest first) of sorted deltas.
func extremeDeltas(deltas []ImageDelta, k int) (better, worse []ImageDelta) {
	for _, d := range deltas {
		if len(better) == k || !(d.Improvement > 0) {
			break
		}
		better = append(better, d)
	}
	for i := len(deltas) - 1; i >= 0 && len(worse) < k; i-- {
		d := deltas[i]
		if math.IsNaN(d.Improvement) {
			continue
		}
		if !(d.Improvement < 0) {
			break
		}
		worse = append(worse, d)
	}
	return better, worse
}

// RowRef points at one row of a run: run.Models[Model].Rows[Row].
type RowRef struct{ Model, Row int }

// DeltaRows returns the rows whose thumbnails the model comparison of the
// HTML report shows. For each model after the first, these are the
// min(k, 5) images that improved most and the min(k, 5) that worsened
// most against the first model on PrimaryKey, each as a row of both
// models. It returns nil for a run of one model or without a primary key.
// A row may appear twice when it is extreme against two models.
func DeltaRows(run *Run, k int) []RowRef {
	key := runPrimaryKey(run)
	if len(run.Models) < 2 || key == "" || k <= 0 {
		return nil
	}
	var refs []RowRef
	for b := 1; b < len(run.Models); b++ {
		deltas, err := ImageDeltas(run, 0, b, key)
		if err != nil {
			continue
		}
		better, worse := extremeDeltas(deltas, min(k, deltaTableRows))
		for _, d := range append(better, worse...) {
			refs = append(refs, RowRef{0, d.RowA}, RowRef{b, d.RowB})
		}
	}
	return refs
}

// noRankingNote explains a missing ranking.
const noRankingNote = "No ranking: no ranking key (loss_total and the main dataset metrics) has values over the same images for every model."

// modelRank is one model's place in the ranking.
type modelRank struct {
	Model    int
	Ranks    []int // per ranking key; 0 where the model has no finite value
	MeanRank float64
}

// rankingRows returns the rows that rank models: loss_total when present,
// then the main dataset metrics that have a known direction. A row whose
// values are over different images for different models is left out,
// because its ranks would compare unlike things.
func rankingRows(run *Run) []summaryRow {
	var rows []summaryRow
	for _, r := range lossRows(run) {
		if r.Key == "loss_total" && !r.OverDifferentImages {
			rows = append(rows, r)
		}
	}
	for _, r := range metricRows(run, mainMetricKeys) {
		if _, known := Direction(r.Key); known && !r.OverDifferentImages {
			rows = append(rows, r)
		}
	}
	return rows
}

// rankModels ranks the models on each row, 1 for the best, with equal
// values sharing the better rank ("1224" competition ranking). A model
// without a finite value gets no rank on that row. Models are returned in
// order of their mean rank over the rows they have ranks on, ties in model
// order.
func rankModels(run *Run, rows []summaryRow) []modelRank {
	ranks := make([]modelRank, len(run.Models))
	for mi := range ranks {
		ranks[mi] = modelRank{Model: mi, Ranks: make([]int, len(rows))}
	}
	for ri, r := range rows {
		lower, _ := Direction(r.Key)
		for mi, v := range r.Values {
			if !isFinite(v) {
				continue
			}
			rank := 1
			for _, other := range r.Values {
				if isFinite(other) && ((lower && other < v) || (!lower && other > v)) {
					rank++
				}
			}
			ranks[mi].Ranks[ri] = rank
		}
	}
	for mi := range ranks {
		sum, n := 0, 0
		for _, rank := range ranks[mi].Ranks {
			if rank > 0 {
				sum += rank
				n++
			}
		}
		ranks[mi].MeanRank = math.NaN()
		if n > 0 {
			ranks[mi].MeanRank = float64(sum) / float64(n)
		}
	}
	sort.SliceStable(ranks, func(x, y int) bool {
		rx, ry := ranks[x].MeanRank, ranks[y].MeanRank
		if math.IsNaN(rx) || math.IsNaN(ry) {
			return !math.IsNaN(rx) && math.IsNaN(ry)
		}
		return rx < ry
	})
	return ranks
}

// WriteComparisonTable writes the model comparison lines of the terminal
// summary: the ranking by mean rank, and for each model after the first,
// how many images got better or worse against the first model on the
// primary key, with the largest change each way. It writes nothing for a
// run of one model.
func WriteComparisonTable(w io.Writer, run *Run) error {
	if len(run.Models) < 2 {
		return nil
	}
	var buf bytes.Buffer
	rows := rankingRows(run)
	if len(rows) > 0 {
		fmt.Fprintf(&buf, "ranking by mean rank over %s (%s):", countNoun(len(rows), "key", "keys"), rowKeys(rows))
		for place, r := range rankModels(run, rows) {
			fmt.Fprintf(&buf, " %d. %s (%s)", place+1, run.Models[r.Model].Name, formatValue(r.MeanRank, 3))
		}
		buf.WriteString("\n")
	} else {
		buf.WriteString(noRankingNote + "\n")
	}

	key := runPrimaryKey(run)
	for b := 1; key != "" && b < len(run.Models); b++ {
		deltas, err := ImageDeltas(run, 0, b, key)
		if err != nil {
			return fmt.Errorf("write comparison table: %w", err)
		}
		c := countDeltas(deltas)
		fmt.Fprintf(&buf, "%s against %s, per image %s: %d better, %d worse, %d equal",
			run.Models[b].Name, run.Models[0].Name, key, c.Better, c.Worse, c.Equal)
		if c.Undefined > 0 {
			fmt.Fprintf(&buf, ", %d undefined", c.Undefined)
		}
		better, worse := extremeDeltas(deltas, 1)
		for _, d := range better {
			fmt.Fprintf(&buf, "; most improved %s (%s to %s)", d.Name, formatValue(d.A, 4), formatValue(d.B, 4))
		}
		for _, d := range worse {
			fmt.Fprintf(&buf, "; most worsened %s (%s to %s)", d.Name, formatValue(d.A, 4), formatValue(d.B, 4))
		}
		buf.WriteString("\n")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write comparison table: %w", err)
	}
	return nil
}

// countNoun returns n followed by the singular noun when n is 1 and by
// the plural noun otherwise: "1 key", "6 keys".
func countNoun(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}

func rowKeys(rows []summaryRow) string {
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.Key
	}
	return strings.Join(keys, ", ")
}

// ComparisonSection renders the "Model comparison" section of report.html.
// It ranks the models by loss_total and the main dataset metrics. For each
// model after the first, it lists the images that improved and worsened
// most against the first model on the primary key, with thumbnails of
// both models where thumbs has them (see DeltaRows). It returns "" for a
// run of one model. The section's element id is "comparison".
func ComparisonSection(run *Run, thumbs []Thumbnail) (template.HTML, error) {
	if len(run.Models) < 2 {
		return "", nil
	}
	data, err := buildComparison(run, thumbs)
	if err != nil {
		return "", fmt.Errorf("render model comparison: %w", err)
	}
	var buf bytes.Buffer
	if err := comparisonTemplate.Execute(&buf, data); err != nil {
		return "", fmt.Errorf("render model comparison: %w", err)
	}
	// The template escapes every value it inserts.
	return template.HTML(buf.String()), nil
}

type comparisonData struct {
	Keys    []string
	Ranking []rankingRow
	// DifferentImages is the note under the ranking when the models were
	// not evaluated on the same images; empty when they were.
	DifferentImages string
	// NoRanking explains why Ranking is empty.
	NoRanking string
	Key       string
	Direction string
	Pairs     []deltaPair
}

type rankingRow struct {
	Place    int
	Model    htmlModel
	MeanRank string
	Ranks    []string
}

type deltaPair struct {
	A, B          htmlModel
	Counts        deltaCounts
	Better, Worse []deltaRow
}

type deltaRow struct {
	Name          string
	A, B, Change  htmlCell
	Thumbs        bool
	GT            template.URL
	PredA, PredB  template.URL
	ErrA, ErrB    template.URL
	Width, Height int
}

func buildComparison(run *Run, thumbs []Thumbnail) (*comparisonData, error) {
	models := make([]htmlModel, len(run.Models))
	for i := range run.Models {
		models[i] = makeHTMLModel(run, i)
	}
	data := &comparisonData{DifferentImages: differentImagesNote(run), NoRanking: noRankingNote}

	// Without ranking rows, Ranking stays empty and the template explains why.
	rows := rankingRows(run)
	if len(rows) > 0 {
		data.Keys = strings.Split(rowKeys(rows), ", ")
		for place, r := range rankModels(run, rows) {
			rr := rankingRow{Place: place + 1, Model: models[r.Model], MeanRank: formatValue(r.MeanRank, 3)}
			for _, rank := range r.Ranks {
				text := "–"
				if rank > 0 {
					text = strconv.Itoa(rank)
				}
				rr.Ranks = append(rr.Ranks, text)
			}
			data.Ranking = append(data.Ranking, rr)
		}
	}

	data.Key = runPrimaryKey(run)
	if data.Key == "" {
		return data, nil
	}
	data.Direction = directionLabel(data.Key)
	byName := make(map[[2]string]*Thumbnail, len(thumbs))
	for i := range thumbs {
		byName[[2]string{thumbs[i].Model, thumbs[i].Name}] = &thumbs[i]
	}
	for b := 1; b < len(run.Models); b++ {
		deltas, err := ImageDeltas(run, 0, b, data.Key)
		if err != nil {
			return nil, err
		}
		pair := deltaPair{A: models[0], B: models[b], Counts: countDeltas(deltas)}
		better, worse := extremeDeltas(deltas, deltaTableRows)
		for _, list := range []struct {
			in  []ImageDelta
			out *[]deltaRow
		}{{better, &pair.Better}, {worse, &pair.Worse}} {
			for _, d := range list.in {
				row, err := makeDeltaRow(d, byName[[2]string{run.Models[0].Name, d.Name}], byName[[2]string{run.Models[b].Name, d.Name}])
				if err != nil {
					return nil, err
				}
				*list.out = append(*list.out, row)
			}
		}
		data.Pairs = append(data.Pairs, pair)
	}
	return data, nil
}

// makeDeltaRow formats one image's change, with the thumbnails of both
// models when both are given.
func makeDeltaRow(d ImageDelta, ta, tb *Thumbnail) (deltaRow, error) {
	row := deltaRow{
		Name:   d.Name,
		A:      htmlCell{Text: formatValue(d.A, 4), Exact: formatValue(d.A, -1)},
		B:      htmlCell{Text: formatValue(d.B, 4), Exact: formatValue(d.B, -1)},
		Change: htmlCell{Text: signedValue(d.B-d.A, 3), Exact: formatValue(d.B-d.A, -1)},
	}
	if ta == nil || tb == nil {
		return row, nil
	}
	var wa, wb worstRow
	if err := setThumbnail(&wa, ta); err != nil {
		return deltaRow{}, err
	}
	if err := setThumbnail(&wb, tb); err != nil {
		return deltaRow{}, err
	}
	row.Thumbs = true
	row.GT, row.PredA, row.ErrA = wa.GT, wa.Pred, wa.Error
	row.PredB, row.ErrB = wb.Pred, wb.Error
	row.Width, row.Height = wa.Width, wa.Height
	return row, nil
}

// signedValue formats v with a sign and the given significant digits.
func signedValue(v float64, digits int) string {
	s := formatValue(v, digits)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// deltaTable is the data of the "deltas" template: one list of a pair.
type deltaTable struct {
	Pair  deltaPair
	Rows  []deltaRow
	Title string
}

var comparisonTemplate = template.Must(template.New("comparison").Funcs(template.FuncMap{
	"pairRows": func(p deltaPair, rows []deltaRow, title string) deltaTable {
		return deltaTable{Pair: p, Rows: rows, Title: title}
	},
	"list": func(urls ...template.URL) []template.URL { return urls },
}).Parse(`<section id="comparison">
<h2>Model comparison</h2>
{{with .Ranking}}<h3>Ranking</h3>
<p class="note">Rank of each model on loss_total and the main dataset metrics (1 is best; equal values share a rank), and the mean of those ranks.</p>
<table>
<thead><tr><th class="num">#</th><th>Model</th><th class="num">Mean rank</th>{{range $.Keys}}<th class="num">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .}}<tr><td class="num">{{.Place}}</td><td><span class="swatch" style="background: {{.Model.Color}}"></span>{{.Model.Name}}</td><td class="num">{{.MeanRank}}</td>{{range .Ranks}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{with $.DifferentImages}}<p class="caveat">{{.}}</p>
{{end}}{{else}}<h3>Ranking</h3>
<p class="caveat">{{$.NoRanking}}</p>
{{end}}{{if .Key}}{{range .Pairs}}<h3><span class="swatch" style="background: {{.B.Color}}"></span>{{.B.Name}} against <span class="swatch" style="background: {{.A.Color}}"></span>{{.A.Name}}, per image</h3>
<p class="note">{{$.Key}}<span class="dir">{{$.Direction}}</span> of the images both models evaluated: {{.Counts.Better}} better, {{.Counts.Worse}} worse, {{.Counts.Equal}} equal{{if .Counts.Undefined}}, {{.Counts.Undefined}} undefined (NaN){{end}}. Change is {{.B.Name}} − {{.A.Name}}.</p>
{{template "deltas" (pairRows . .Better "Largest improvements")}}{{template "deltas" (pairRows . .Worse "Largest worsenings")}}{{end}}{{else}}<p class="none">The run has no loss_total, mae or sm column to compare images by.</p>
{{end}}</section>
{{define "deltas"}}<h4>{{.Title}}</h4>
{{if .Rows}}<table>
<thead><tr><th>Image</th><th class="num">{{.Pair.A.Name}}</th><th class="num">{{.Pair.B.Name}}</th><th class="num">Change</th><th>GT</th><th>{{.Pair.A.Name}}</th><th>{{.Pair.B.Name}}</th><th>{{.Pair.A.Name}} errors</th><th>{{.Pair.B.Name}} errors</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Name}}</td><td class="num" title="{{.A.Exact}}">{{.A.Text}}</td><td class="num" title="{{.B.Exact}}">{{.B.Text}}</td><td class="num" title="{{.Change.Exact}}">{{.Change.Text}}</td>
{{- if .Thumbs}}{{$r := .}}{{range (list .GT .PredA .PredB .ErrA .ErrB)}}<td><img class="thumb" src="{{.}}" width="{{$r.Width}}" height="{{$r.Height}}" alt="{{$r.Name}}"></td>{{end}}
{{- else}}<td colspan="5" class="none">no thumbnail</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{else}}<p class="none">none</p>
{{end}}{{end}}`))
