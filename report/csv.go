package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// csvFixedColumns are the per_image.csv columns before the value columns.
var csvFixedColumns = []string{"model", "name", "height", "width", "resized", "error"}

// csvLeadColumns are the fixed columns written before the values; the
// error column comes last, after them.
var csvLeadColumns = csvFixedColumns[:5]

// WriteCSV writes per_image.csv: a header row, then one row per
// (model, image) pair, models in run order and rows in Model.Rows order.
// The columns are model, name, height, width and resized (0 or 1), then
// Run.LossKeys and Run.MetricKeys, then error (empty unless the pair
// failed).
// Values are written as the shortest decimal that parses back to the same
// float64, NaN as "NaN" and negative zero as "0".
func WriteCSV(w io.Writer, run *Run) error {
	nValues := len(run.LossKeys) + len(run.MetricKeys)
	cw := csv.NewWriter(w)

	header := make([]string, 0, len(csvFixedColumns)+nValues)
	header = append(header, csvLeadColumns...)
	header = append(header, run.LossKeys...)
	header = append(header, run.MetricKeys...)
	header = append(header, "error")
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write per-image CSV: %w", err)
	}

	record := make([]string, len(header))
	var num []byte
	for mi := range run.Models {
		m := &run.Models[mi]
		for ri := range m.Rows {
			row := &m.Rows[ri]
			// A failed pair may come without values, and then its columns are NaN.
			if len(row.Values) != nValues && !(row.Err != "" && len(row.Values) == 0) {
				return fmt.Errorf("write per-image CSV: model %q, image %q: %d values, want %d (one per loss and metric column)",
					m.Name, row.Name, len(row.Values), nValues)
			}
			record[0] = m.Name
			record[1] = row.Name
			record[2] = strconv.Itoa(row.Height)
			record[3] = strconv.Itoa(row.Width)
			record[4] = "0"
			if row.Resized {
				record[4] = "1"
			}
			record[len(record)-1] = row.Err
			for j := range nValues {
				v := math.NaN()
				if j < len(row.Values) {
					v = row.Values[j]
				}
				num = strconv.AppendFloat(num[:0], positiveZero(v), 'g', -1, 64)
				record[len(csvLeadColumns)+j] = string(num)
			}
			if err := cw.Write(record); err != nil {
				return fmt.Errorf("write per-image CSV: %w", err)
			}
		}
	}

	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write per-image CSV: %w", err)
	}
	return nil
}

// PerImage is the content of a per_image.csv file.
type PerImage struct {
	// LossKeys are the value columns with the "loss_" prefix and MetricKeys
	// the other value columns, each in file order. Row.Values follow
	// LossKeys then MetricKeys, as in a Run.
	LossKeys   []string
	MetricKeys []string
	Models     []PerImageModel // in order of first appearance
}

// PerImageModel is the rows of one model in a per_image.csv file. The
// file has no GT or prediction paths, so Row.GTFile and Row.PredFile are
// empty.
type PerImageModel struct {
	Name string
	Rows []Row
}

// ReadCSV parses a per_image.csv file as WriteCSV writes it. Columns are
// found by header name, so their order may differ. Every fixed column
// (model, name, height, width, resized, error) must be present. Values
// are parsed with strconv.ParseFloat, which reads NaN, +Inf and -Inf.
func ReadCSV(r io.Reader) (*PerImage, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("read per-image CSV: the file is empty, expected a header row")
	}
	if err != nil {
		return nil, fmt.Errorf("read per-image CSV: %w", err)
	}
	layout, err := parseCSVHeader(header)
	if err != nil {
		return nil, fmt.Errorf("read per-image CSV: %w", err)
	}

	out := &PerImage{LossKeys: layout.lossKeys, MetricKeys: layout.metricKeys}
	modelIndex := map[string]int{}
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read per-image CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row, err := layout.parseRow(record)
		if err != nil {
			return nil, fmt.Errorf("read per-image CSV: line %d: %w", line, err)
		}

		model := record[layout.fixed["model"]]
		mi, ok := modelIndex[model]
		if !ok {
			mi = len(out.Models)
			modelIndex[model] = mi
			out.Models = append(out.Models, PerImageModel{Name: model})
		}
		out.Models[mi].Rows = append(out.Models[mi].Rows, row)
	}
	return out, nil
}

// csvLayout maps column names to record indices.
type csvLayout struct {
	fixed      map[string]int
	lossKeys   []string
	metricKeys []string
	// valueColumns are the record indices of LossKeys then MetricKeys.
	valueColumns []int
}

func parseCSVHeader(header []string) (*csvLayout, error) {
	l := &csvLayout{fixed: map[string]int{}}
	seen := map[string]bool{}
	var lossColumns, metricColumns []int
	for i, name := range header {
		if seen[name] {
			return nil, fmt.Errorf("duplicate column %q in the header", name)
		}
		seen[name] = true
		switch {
		case slices.Contains(csvFixedColumns, name):
			l.fixed[name] = i
		case strings.HasPrefix(name, "loss_"):
			l.lossKeys = append(l.lossKeys, name)
			lossColumns = append(lossColumns, i)
		default:
			l.metricKeys = append(l.metricKeys, name)
			metricColumns = append(metricColumns, i)
		}
	}
	for _, name := range csvFixedColumns {
		if _, ok := l.fixed[name]; !ok {
			return nil, fmt.Errorf("missing column %q (the header must contain %s)", name, strings.Join(csvFixedColumns, ", "))
		}
	}
	l.valueColumns = append(lossColumns, metricColumns...)
	return l, nil
}

func (l *csvLayout) parseRow(record []string) (Row, error) {
	row := Row{
		Name: record[l.fixed["name"]],
		Err:  record[l.fixed["error"]],
	}
	var err error
	if row.Height, err = parseCSVInt(record, l.fixed["height"], "height"); err != nil {
		return Row{}, err
	}
	if row.Width, err = parseCSVInt(record, l.fixed["width"], "width"); err != nil {
		return Row{}, err
	}
	resized := record[l.fixed["resized"]]
	if row.Resized, err = strconv.ParseBool(resized); err != nil {
		return Row{}, fmt.Errorf("column %q: invalid value %q, want 0 or 1", "resized", resized)
	}

	row.Values = make([]float64, len(l.valueColumns))
	keys := len(l.lossKeys)
	for j, col := range l.valueColumns {
		v, err := strconv.ParseFloat(record[col], 64)
		if err != nil {
			var key string
			if j < keys {
				key = l.lossKeys[j]
			} else {
				key = l.metricKeys[j-keys]
			}
			return Row{}, fmt.Errorf("column %q: invalid number %q", key, record[col])
		}
		row.Values[j] = v
	}
	return row, nil
}

func parseCSVInt(record []string, col int, name string) (int, error) {
	v, err := strconv.Atoi(record[col])
	if err != nil {
		return 0, fmt.Errorf("column %q: invalid integer %q", name, record[col])
	}
	return v, nil
}
