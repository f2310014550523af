package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"math"
	"slices"
	"strings"
)

// worstTables builds the worst-images table of each model.
func worstTables(run *Run, models []htmlModel, thumbs []Thumbnail) ([]worstTable, error) {
	type pair struct{ model, name string }
	byPair := make(map[pair]*Thumbnail, len(thumbs))
	for i := range thumbs {
		byPair[pair{thumbs[i].Model, thumbs[i].Name}] = &thumbs[i]
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
		// The table shows at least minWorstRows rows, and more when the
		// worst rows have thumbnails. Thumbnails of other rows (the model
		// comparison's) do not lengthen it.
		ranked := WorstRows(m, run, len(m.Rows))
		shown := 0
		for shown < len(ranked) && byPair[pair{m.Name, m.Rows[ranked[shown]].Name}] != nil {
			shown++
		}
		ranked = ranked[:min(len(ranked), max(minWorstRows, shown))]
		for rank, ri := range ranked {
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

// handlerSuffixOrder are the columns of the handler table.
var handlerSuffixOrder = []string{"adp", "mean", "max", "bin", "bin_pooled"}

// handlerNames lists the handlers in the order the metric keys use.
var handlerNames = []string{"iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1"}

// makeHandlerTable arranges the dataset values of the handler metrics as
// one row per handler and model, one column per aggregation.
func makeHandlerTable(run *Run, models []htmlModel) handlerTable {
	t := handlerTable{Columns: handlerSuffixOrder}
	sameEvaluated := sameImageSets(run, evaluatedNames)
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
			best[j] = comparableBest(h+"_"+suffix, values[j], !sameEvaluated)
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
