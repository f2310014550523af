package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestWriteTableGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, testRun()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "two-models.table.txt", buf.Bytes())
}

func TestWriteTableMarksBest(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, testRun()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	find := func(label string) []string {
		t.Helper()
		for _, l := range lines {
			fields := strings.Fields(l)
			if len(fields) > 0 && fields[0] == label {
				return fields
			}
		}
		t.Fatalf("no row %q in:\n%s", label, buf.String())
		return nil
	}
	// ModelB has the higher sm, wfm and em_max and the lower mae. ModelA
	// has the lower mean loss_bce, over the same three images as ModelB.
	// fm_max is 0.85 for both.
	if got := find("loss_bce"); got[2] != "0.2667*" || got[3] != "0.3167" {
		t.Errorf("row loss_bce = %q, want ModelA 0.2667 marked best and ModelB 0.3167", got)
	}
	for _, label := range []string{"sm", "mae", "wfm", "em_max"} {
		got := find(label)
		if !strings.HasSuffix(got[2], "*") || strings.HasSuffix(got[1], "*") {
			t.Errorf("row %s = %q, want ModelB (second column) marked best", label, got)
		}
	}
	if got := find("fm_max"); strings.Contains(strings.Join(got, " "), "*") {
		t.Errorf("row fm_max = %q, want no mark when both models tie", got)
	}
	if !strings.Contains(buf.String(), "* best value of the row\n") {
		t.Error("table has no footnote for the '*' mark")
	}
}

func TestWriteTableUndefinedCounts(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, testRun()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// ModelA's loss_total is NaN on image 002, so its mean 7.1875 is over
	// two images and ModelB's 10.604 over three: neither is marked.
	if !strings.Contains(out, "7.188 (1 NaN)") {
		t.Errorf("table does not count the NaN left out of ModelA's loss_total mean:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "loss_total") && strings.Contains(line, "*") {
			t.Errorf("loss_total row %q marks a best value over different images", line)
		}
	}
	if !strings.Contains(out, "Note: "+mixedUndefinedNote+"\n") {
		t.Errorf("table does not explain the unmarked rows:\n%s", out)
	}
	if strings.Contains(out, "not evaluated on the same images") {
		t.Errorf("table notes different images, but both models evaluated 001, 002 and 004:\n%s", out)
	}
}

// differentImagesRun returns testRun with ModelB's image 004 failed, so
// that ModelA evaluated 001, 002 and 004, and ModelB only 001 and 002.
func differentImagesRun() *Run {
	run := testRun()
	row := &run.Models[1].Rows[2]
	row.Err = "decode data/pred-b/004.png: unexpected EOF"
	for i := range row.Values {
		row.Values[i] = math.NaN()
	}
	return run
}

func TestWriteTableDifferentImages(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, differentImagesRun()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	want := "Note: The models were not evaluated on the same images (images evaluated: ModelA 3, ModelB 2), " +
		"so their means, dataset metrics and ranks are over different images and no best value is marked.\n"
	if !strings.Contains(out, want) {
		t.Errorf("table lacks the note %q:\n%s", want, out)
	}
	if strings.Contains(out, "*") {
		t.Errorf("table marks a best value over different images:\n%s", out)
	}
	// The note comes right under the value rows, before the ranking line.
	note, ranking := strings.Index(out, "Note: The models"), strings.Index(out, "ranking by mean rank")
	if ranking >= 0 && note > ranking {
		t.Errorf("note comes after the ranking line:\n%s", out)
	}
}

func TestWriteTableOneModelNoMarks(t *testing.T) {
	run := testRun()
	run.Models = run.Models[:1]
	var buf bytes.Buffer
	if err := WriteTable(&buf, run); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "*") {
		t.Errorf("one-model table has a best mark:\n%s", buf.String())
	}
}

func TestBestValues(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		key    string
		values []float64
		want   []bool
	}{
		{"lower is better", "loss_total", []float64{2, 1, 3}, []bool{false, true, false}},
		{"higher is better", "sm", []float64{0.2, 0.9, 0.5}, []bool{false, true, false}},
		{"ties both marked", "sm", []float64{0.9, 0.5, 0.9}, []bool{true, false, true}},
		{"all equal", "sm", []float64{0.5, 0.5}, []bool{false, false}},
		{"NaN never best", "mae", []float64{nan, 0.2, 0.1}, []bool{false, false, true}},
		{"one finite value", "mae", []float64{nan, 0.2}, []bool{false, false}},
		{"unknown key", "custom", []float64{1, 2}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bestValues(tt.key, tt.values); !slices.Equal(got, tt.want) {
				t.Errorf("bestValues(%q, %v) = %v, want %v", tt.key, tt.values, got, tt.want)
			}
		})
	}
}
