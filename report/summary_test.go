package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestWriteJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Summarize(testRun())); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "two-models.summary.json", buf.Bytes())
}

func TestWriteJSONDeterministic(t *testing.T) {
	var first, second bytes.Buffer
	if err := WriteJSON(&first, Summarize(testRun())); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&second, Summarize(testRun())); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("two summaries of the same run differ")
	}
}

func TestSummarizeModelAggregates(t *testing.T) {
	s := Summarize(testRun())
	if len(s.Models) != 2 {
		t.Fatalf("got %d models, want 2", len(s.Models))
	}
	a := s.Models[0]

	wantCounts := Counts{GT: 5, Evaluated: 3, Failed: 1, Missing: 1, Extra: 1, Ambiguous: 0, Resized: 1, ZeroOne: 1}
	if a.Counts != wantCounts {
		t.Errorf("ModelA counts = %+v, want %+v", a.Counts, wantCounts)
	}
	if len(a.Failed) != 1 || a.Failed[0].Name != "003" || a.Failed[0].Error != "decode data/pred-a/003.png: unexpected EOF" {
		t.Errorf("ModelA failed = %+v, want pair 003 with its decode error", a.Failed)
	}
	if len(a.Resized) != 1 || a.Resized[0].From != [2]int{320, 240} || a.Resized[0].To != [2]int{640, 480} {
		t.Errorf("ModelA resized = %+v, want 004 from [320 240] to [640 480]", a.Resized)
	}

	// loss_iou of ModelA is 0.25 (001), NaN (002) and 0.5 (004). 003 failed.
	iou := a.Losses["loss_iou"]
	if iou.Count != 2 || iou.NaN != 1 || iou.Inf != 0 {
		t.Errorf("loss_iou count, nan, inf = %d, %d, %d, want 2, 1, 0", iou.Count, iou.NaN, iou.Inf)
	}
	if iou.Mean != 0.375 || iou.Median != 0.375 || iou.Std != 0.125 || iou.Min != 0.25 || iou.Max != 0.5 {
		t.Errorf("loss_iou stats = %+v, want mean 0.375, median 0.375, std 0.125, min 0.25, max 0.5", iou)
	}
	if got := a.MetricStats["mae"]; got.Count != 3 || got.Median != 0.125 {
		t.Errorf("mae stats = %+v, want count 3, median 0.125", got)
	}
	if got := s.Models[1].Metrics["iou_bin_pooled"]; !math.IsNaN(float64(got)) {
		t.Errorf("ModelB iou_bin_pooled = %v, want NaN", got)
	}
	if got := len(a.Curves["precision"]); got != 256 {
		t.Errorf("precision curve has %d points, want 256", got)
	}
	if len(s.GT.Ambiguous) != 1 || s.GT.Ambiguous[0].Name != "dup" {
		t.Errorf("GT ambiguous = %+v, want dup", s.GT.Ambiguous)
	}
}

func TestSummarizeEmptyListsNotNull(t *testing.T) {
	run := &Run{Tool: "birefloss", Models: []Model{{Name: "m"}}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Summarize(run)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "null") {
		t.Errorf("summary of an empty run contains null:\n%s", out)
	}
	for _, want := range []string{`"missing": []`, `"weights": {}`, `"losses": {}`, `"curves": {}`} {
		if !strings.Contains(out, want) {
			t.Errorf("summary has no %s:\n%s", want, out)
		}
	}
}

func TestSummaryRoundTrip(t *testing.T) {
	var first bytes.Buffer
	if err := WriteJSON(&first, Summarize(testRun())); err != nil {
		t.Fatal(err)
	}
	s, err := ReadSummary(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := WriteJSON(&second, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("summary changed after ReadSummary and WriteJSON:\n%s", lineDiff(first.String(), second.String()))
	}

	if s.SchemaVersion != SchemaVersion {
		t.Errorf("schema_version = %d, want %d", s.SchemaVersion, SchemaVersion)
	}
	if got := s.Models[0].Losses["loss_total"].Max; got != 10.375000000000002 {
		t.Errorf("ModelA loss_total max = %v, want 10.375000000000002", got)
	}
	if got := s.Models[0].Curves["precision"][255]; !math.IsNaN(float64(got)) {
		t.Errorf("precision at t=255 = %v, want NaN read from null", got)
	}
}

func TestFloatJSON(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{math.NaN(), "null"},
		{math.Inf(1), "null"},
		{math.Inf(-1), "null"},
		{0.1, "0.1"},
		{1e-300, "1e-300"},
		{1e21, "1e+21"},
		{-2, "-2"},
	}
	for _, tt := range tests {
		got, err := json.Marshal(Float(tt.in))
		if err != nil {
			t.Fatalf("marshal %v: %v", tt.in, err)
		}
		if string(got) != tt.want {
			t.Errorf("marshal %v = %s, want %s", tt.in, got, tt.want)
		}
	}

	var f Float
	if err := json.Unmarshal([]byte("null"), &f); err != nil || !math.IsNaN(float64(f)) {
		t.Errorf("unmarshal null = %v, %v; want NaN, nil", f, err)
	}
	if err := json.Unmarshal([]byte(`"1"`), &f); err == nil {
		t.Error("unmarshal of a JSON string succeeded, want an error")
	}
}

func TestReadSummaryRejectsVersion(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"newer version", `{"schema_version": 2, "models": []}`,
			[]string{"unsupported summary schema_version 2", "reads version 1"}},
		{"version zero", `{"schema_version": 0}`,
			[]string{"unsupported summary schema_version 0", "reads version 1"}},
		{"no version", `{"models": []}`, []string{"missing schema_version"}},
		{"not JSON", `schema_version: 1`, []string{"decode summary"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSummary(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("ReadSummary(%s) succeeded, want an error", tt.in)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}
