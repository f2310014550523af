package report

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestPrimaryKey(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"loss_bce", "loss_total", "mae", "sm"}, "loss_total"},
		{[]string{"loss_bce", "sm", "mae"}, "mae"},
		{[]string{"wfm", "sm"}, "sm"},
		{[]string{"wfm"}, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := PrimaryKey(tt.keys); got != tt.want {
			t.Errorf("PrimaryKey(%v) = %q, want %q", tt.keys, got, tt.want)
		}
	}
}

func TestImageDeltasLowerIsBetter(t *testing.T) {
	run := testRun()
	deltas, err := ImageDeltas(run, 0, 1, "loss_total")
	if err != nil {
		t.Fatal(err)
	}
	// testRun's totals are 30·bce + 0.5·iou + 10·ssim. For image 001, A has
	// 30·0.3 + 0.125 + 1.25 and B has 30·0.2 + 0.0625 + 0.625. For 004, A
	// has 30·1e-300 + 0.25 + 3.75 and B has 15 + 0.125 + 2.5. A's 002 is
	// NaN, and A's failed 003 has no counterpart in B.
	names := make([]string, len(deltas))
	for i, d := range deltas {
		names[i] = d.Name
	}
	if want := []string{"001", "004", "002"}; !slices.Equal(names, want) {
		t.Fatalf("delta order %v, want %v (largest improvement first, NaN last)", names, want)
	}
	const tol = 1e-12
	if got := deltas[0].Improvement; math.Abs(got-(10.375-6.6875)) > tol {
		t.Errorf("001 improvement %v, want 3.6875", got)
	}
	if got := deltas[1].Improvement; math.Abs(got-(4-17.625)) > tol {
		t.Errorf("004 improvement %v, want -13.625", got)
	}
	if !math.IsNaN(deltas[2].Improvement) {
		t.Errorf("002 improvement %v, want NaN", deltas[2].Improvement)
	}
	if deltas[0].RowA != 0 || deltas[0].RowB != 0 || deltas[1].RowA != 3 || deltas[1].RowB != 2 {
		t.Errorf("row indices %+v %+v, want 001 at rows 0/0 and 004 at rows 3/2", deltas[0], deltas[1])
	}
}

func TestImageDeltasHigherIsBetter(t *testing.T) {
	deltas, err := ImageDeltas(testRun(), 0, 1, "sm")
	if err != nil {
		t.Fatal(err)
	}
	// sm of A and B: 001 0.9 and 0.95, 002 NaN and 1, 004 0.7 and 0.75. In
	// float64, 0.75 − 0.7 is 0.05000000000000004 and 0.95 − 0.9 is
	// 0.04999999999999993, so 004 ranks first.
	if len(deltas) != 3 || deltas[0].Name != "004" || deltas[1].Name != "001" || deltas[2].Name != "002" {
		t.Fatalf("deltas %+v, want 004, 001, then 002", deltas)
	}
	if got := deltas[1].Improvement; math.Abs(got-0.05) > 1e-12 {
		t.Errorf("001 improvement %v, want 0.05 (B − A for a higher-is-better key)", got)
	}
}

func TestImageDeltasErrors(t *testing.T) {
	run := testRun()
	tests := []struct {
		name          string
		a, b          int
		key           string
		wantInMessage string
	}{
		{"unknown column", 0, 1, "hce", `no per-image column "hce"`},
		{"model out of range", 0, 2, "sm", "out of range"},
		{"negative model", -1, 1, "sm", "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImageDeltas(run, tt.a, tt.b, tt.key)
			if err == nil || !strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error %v, want one containing %q", err, tt.wantInMessage)
			}
		})
	}
}

func TestExtremeDeltas(t *testing.T) {
	nan := math.NaN()
	deltas := []ImageDelta{
		{Name: "a", Improvement: 3}, {Name: "b", Improvement: 1}, {Name: "c", Improvement: 0},
		{Name: "d", Improvement: -1}, {Name: "e", Improvement: -4}, {Name: "f", Improvement: nan},
	}
	better, worse := extremeDeltas(deltas, 5)
	if got := deltaNames(better); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("improvements %v, want [a b]", got)
	}
	if got := deltaNames(worse); !slices.Equal(got, []string{"e", "d"}) {
		t.Errorf("worsenings %v, want [e d], largest first", got)
	}
	better, worse = extremeDeltas(deltas, 1)
	if len(better) != 1 || len(worse) != 1 || better[0].Name != "a" || worse[0].Name != "e" {
		t.Errorf("k=1 gave %v and %v, want [a] and [e]", deltaNames(better), deltaNames(worse))
	}
	if c := countDeltas(deltas); c != (deltaCounts{Better: 2, Worse: 2, Equal: 1, Undefined: 1}) {
		t.Errorf("counts %+v, want 2 better, 2 worse, 1 equal, 1 undefined", c)
	}
}

func deltaNames(deltas []ImageDelta) []string {
	var names []string
	for _, d := range deltas {
		names = append(names, d.Name)
	}
	return names
}

func TestRankModels(t *testing.T) {
	run := &Run{Models: []Model{{Name: "A"}, {Name: "B"}, {Name: "C"}}}
	rows := []summaryRow{
		{Key: "sm", Values: []float64{0.8, 0.9, 0.9}},          // B and C share rank 1, A is 3
		{Key: "mae", Values: []float64{0.05, 0.1, math.NaN()}}, // A 1, B 2, C unranked
		{Key: "loss_total", Values: []float64{2, 1, 3}},        // B 1, A 2, C 3
	}
	ranks := rankModels(run, rows)
	wantOrder := []int{1, 0, 2} // B: (1+2+1)/3, A: (3+1+2)/3, C: (1+3)/2
	var order []int
	for _, r := range ranks {
		order = append(order, r.Model)
	}
	if !slices.Equal(order, wantOrder) {
		t.Fatalf("order %v, want %v (B, A, C)", order, wantOrder)
	}
	if got := ranks[0].Ranks; !slices.Equal(got, []int{1, 2, 1}) {
		t.Errorf("B's ranks %v, want [1 2 1]", got)
	}
	if got := ranks[2].Ranks; !slices.Equal(got, []int{1, 0, 3}) {
		t.Errorf("C's ranks %v, want [1 0 3] (no rank without a finite value)", got)
	}
	if got := ranks[2].MeanRank; got != 2 {
		t.Errorf("C's mean rank %v, want 2 over the two keys it has", got)
	}
}

func TestWriteComparisonTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteComparisonTable(&buf, testRun()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want a ranking line and one per-image line:\n%s", len(lines), buf.String())
	}
	if !strings.HasPrefix(lines[0], "ranking by mean rank over ") || !strings.Contains(lines[0], " 1. ModelB ") {
		t.Errorf("ranking line %q does not put ModelB first", lines[0])
	}
	want := "ModelB against ModelA, per image loss_total: 1 better, 1 worse, 0 equal, 1 undefined; most improved 001 (10.38 to 6.688); most worsened 004 (4 to 17.62)"
	if lines[1] != want {
		t.Errorf("per-image line\n got %q\nwant %q", lines[1], want)
	}

	one := testRun()
	one.Models = one.Models[:1]
	buf.Reset()
	if err := WriteComparisonTable(&buf, one); err != nil || buf.Len() != 0 {
		t.Errorf("one model: wrote %q, %v; want nothing", buf.String(), err)
	}
}

// deltaThumbnails renders a 32×24 thumbnail for each row of DeltaRows.
func deltaThumbnails(t *testing.T, run *Run) []Thumbnail {
	t.Helper()
	const width, height = 32, 24
	gt := make([]uint8, width*height)
	pred := make([]uint8, width*height)
	for i := range gt {
		if i%width > 8 {
			gt[i] = 255
		}
		if i%width > 10 {
			pred[i] = 200
		}
	}
	var thumbs []Thumbnail
	for _, ref := range DeltaRows(run, 5) {
		m := &run.Models[ref.Model]
		th, err := MakeThumbnail(m.Name, m.Rows[ref.Row].Name, gt, pred, width, height, 64)
		if err != nil {
			t.Fatal(err)
		}
		thumbs = append(thumbs, th)
	}
	return thumbs
}

func TestDeltaRows(t *testing.T) {
	run := testRun()
	refs := DeltaRows(run, 5)
	// ModelB against ModelA on loss_total: 001 improved (rows 0 and 0), 004
	// worsened (A's row 3, B's row 2).
	want := []RowRef{{0, 0}, {1, 0}, {0, 3}, {1, 2}}
	if !slices.Equal(refs, want) {
		t.Errorf("DeltaRows = %v, want %v", refs, want)
	}
	if got := DeltaRows(run, 0); got != nil {
		t.Errorf("k=0 gave %v, want nil", got)
	}
	one := testRun()
	one.Models = one.Models[:1]
	if got := DeltaRows(one, 5); got != nil {
		t.Errorf("one model gave %v, want nil", got)
	}
}

func TestComparisonSection(t *testing.T) {
	run := testRun()
	section, err := ComparisonSection(run, deltaThumbnails(t, run))
	if err != nil {
		t.Fatal(err)
	}
	out := string(section)
	patterns := []string{
		`<section id="comparison">`,
		`<h2>Model comparison</h2>`,
		`<td class="num">1</td><td><span class="swatch" style="background: #e4572e"></span>ModelB</td>`,
		`ModelB against <span class="swatch" style="background: #2364aa"></span>ModelA, per image`,
		`1 better, 1 worse, 0 equal, 1 undefined (NaN)`,
		`<h4>Largest improvements</h4>`,
		// A's bce of 001 is 0.1 + 0.2 = 0.30000000000000004, hence the digits.
		`<td>001</td><td class="num" title="10.375000000000002">10.38</td><td class="num" title="6.6875">6.688</td><td class="num" title="-3.6875000000000018">-3.69</td>`,
		`<h4>Largest worsenings</h4>`,
		`<td>004</td>`,
		`<img class="thumb" src="data:image/png;base64,`,
	}
	for _, p := range patterns {
		if !strings.Contains(out, p) {
			t.Errorf("section lacks %q", p)
		}
	}
	// Two rows with five thumbnails each.
	if n := strings.Count(out, `<img class="thumb"`); n != 10 {
		t.Errorf("%d thumbnails, want 10", n)
	}

	without, err := ComparisonSection(run, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(without), "no thumbnail"); n != 2 {
		t.Errorf("without thumbnails: %d rows say so, want 2", n)
	}

	one := testRun()
	one.Models = one.Models[:1]
	if s, err := ComparisonSection(one, nil); s != "" || err != nil {
		t.Errorf("one model: %q, %v; want an empty section", s, err)
	}
}

func TestWriteComparisonTableOneKey(t *testing.T) {
	run := testRun()
	for i := range run.Models {
		run.Models[i].Scalars = nil
	}
	// Give ModelA's image 002 a finite loss_total, so that both models'
	// means are over the same images and loss_total can rank them.
	total := slices.Index(run.LossKeys, "loss_total")
	run.Models[0].Rows[1].Values[total] = 5
	var buf bytes.Buffer
	if err := WriteComparisonTable(&buf, run); err != nil {
		t.Fatal(err)
	}
	if want := "ranking by mean rank over 1 key (loss_total):"; !strings.HasPrefix(buf.String(), want) {
		t.Errorf("ranking line %q, want prefix %q", strings.SplitN(buf.String(), "\n", 2)[0], want)
	}
}

func TestWriteComparisonTableNoComparableKey(t *testing.T) {
	run := testRun()
	for i := range run.Models {
		run.Models[i].Scalars = nil // only loss_total is left, and ModelA has a NaN in it
	}
	var buf bytes.Buffer
	if err := WriteComparisonTable(&buf, run); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), noRankingNote+"\n") {
		t.Errorf("output does not start with the no-ranking note:\n%s", buf.String())
	}
	section, err := ComparisonSection(run, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(section), noRankingNote) {
		t.Error("the HTML comparison section lacks the no-ranking note")
	}
}
