package report

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"testing"
)

// negativeZeroRun returns testRun with every value of ModelB's first row,
// and ModelB's mae, set to negative zero, as loss_bce is on an empty mask.
func negativeZeroRun() *Run {
	run := testRun()
	negZero := math.Copysign(0, -1)
	row := &run.Models[1].Rows[0]
	for i := range row.Values {
		row.Values[i] = negZero
	}
	run.Models[1].Scalars[0].Value = negZero
	return run
}

// negativeZeroText matches "-0" as a whole number: not part of "-0.5",
// "-0e3" or "10-0".
var negativeZeroText = regexp.MustCompile(`(^|[^0-9.eE])-0($|[^0-9.eE])`)

func TestNegativeZeroWrittenAsZero(t *testing.T) {
	run := negativeZeroRun()
	writers := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"CSV", func(b *bytes.Buffer) error { return WriteCSV(b, run) }},
		{"table", func(b *bytes.Buffer) error { return WriteTable(b, run) }},
		{"HTML", func(b *bytes.Buffer) error { return WriteHTML(b, run, nil) }},
		{"JSON", func(b *bytes.Buffer) error { return WriteJSON(b, Summarize(run)) }},
	}
	for _, w := range writers {
		var buf bytes.Buffer
		if err := w.write(&buf); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if loc := negativeZeroText.FindIndex(buf.Bytes()); loc != nil {
			start := max(0, loc[0]-40)
			end := min(buf.Len(), loc[1]+40)
			t.Errorf("%s output contains -0: %q", w.name, buf.Bytes()[start:end])
		}
	}
}

func TestFloatMarshalNegativeZero(t *testing.T) {
	got, err := json.Marshal(Float(math.Copysign(0, -1)))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "0" {
		t.Errorf("Float(-0) encodes as %s, want 0", got)
	}
}
