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
	// has the lower mean loss_total (7.1875 over its two finite values,
	// against 10.604). fm_max is 0.85 for both.
	if got := find("loss_total"); got[2] != "7.188*" || got[3] != "10.6" {
		t.Errorf("row loss_total = %q, want ModelA 7.188 marked best and ModelB 10.6", got)
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
