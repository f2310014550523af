package imgio

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// makeFolder creates empty files (and folders, for names ending in "/")
// under a new folder and returns its path.
func makeFolder(t *testing.T, root, name string, files ...string) string {
	t.Helper()
	dir := filepath.Join(root, name)
	for _, f := range files {
		if strings.HasSuffix(f, "/") {
			if err := os.MkdirAll(filepath.Join(dir, f), 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		writeTemp(t, dir, f, nil)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPairFolders(t *testing.T) {
	root := t.TempDir()
	gt := makeFolder(t, root, "gt",
		"a.png", "b.PNG", "c#1+x.png", "d.png", "f.png", "f.jpg", "g.png", "h.png",
		"README.txt", ".hidden.png", "sub/", "sub/z.png")
	pred := makeFolder(t, root, "pred",
		"a.png", "b.jpeg", "c#1+x.webp", "e.png", "e.bmp", "f.png", "g.png", "g.JPG", "i.tif",
		"notes", ".DS_Store")
	in := func(dir string, names ...string) []string {
		paths := make([]string, len(names))
		for i, n := range names {
			paths[i] = filepath.Join(dir, n)
		}
		return paths
	}

	got, err := PairFolders(gt, pred, PairOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := &Pairing{
		Pairs: []Pair{
			{Name: "a", GT: filepath.Join(gt, "a.png"), Pred: filepath.Join(pred, "a.png")},
			{Name: "b", GT: filepath.Join(gt, "b.PNG"), Pred: filepath.Join(pred, "b.jpeg")},
			{Name: "c#1+x", GT: filepath.Join(gt, "c#1+x.png"), Pred: filepath.Join(pred, "c#1+x.webp")},
		},
		Missing:       []string{"d", "h"},
		Extra:         in(pred, "e.bmp", "e.png", "i.tif"),
		GTAmbiguous:   []Ambiguous{{Name: "f", Files: in(gt, "f.jpg", "f.png")}},
		PredAmbiguous: []Ambiguous{{Name: "g", Files: in(pred, "g.JPG", "g.png")}},
		Ignored:       append(in(gt, "README.txt"), in(pred, "notes")...),
	}
	checkPairing(t, got, want)
}

func checkPairing(t *testing.T, got, want *Pairing) {
	t.Helper()
	if !reflect.DeepEqual(got.Pairs, want.Pairs) {
		t.Errorf("Pairs = %v\nwant %v", got.Pairs, want.Pairs)
	}
	if !reflect.DeepEqual(got.Missing, want.Missing) {
		t.Errorf("Missing = %v, want %v", got.Missing, want.Missing)
	}
	if !reflect.DeepEqual(got.Extra, want.Extra) {
		t.Errorf("Extra = %v, want %v", got.Extra, want.Extra)
	}
	if !reflect.DeepEqual(got.GTAmbiguous, want.GTAmbiguous) {
		t.Errorf("GTAmbiguous = %v, want %v", got.GTAmbiguous, want.GTAmbiguous)
	}
	if !reflect.DeepEqual(got.PredAmbiguous, want.PredAmbiguous) {
		t.Errorf("PredAmbiguous = %v, want %v", got.PredAmbiguous, want.PredAmbiguous)
	}
	if !reflect.DeepEqual(got.Ignored, want.Ignored) {
		t.Errorf("Ignored = %v, want %v", got.Ignored, want.Ignored)
	}
}

func TestPairFoldersAffixes(t *testing.T) {
	root := t.TempDir()
	gt := makeFolder(t, root, "gt", "gt_1.png", "gt_2.png", "3.png")
	pred := makeFolder(t, root, "pred", "1_sal_fuse.png", "2_sal_fuse.png", "2.png", "_sal_fuse.png")

	got, err := PairFolders(gt, pred, PairOptions{GTPrefix: "gt_", PredSuffix: "_sal_fuse"})
	if err != nil {
		t.Fatal(err)
	}
	want := &Pairing{
		Pairs: []Pair{
			{Name: "1", GT: filepath.Join(gt, "gt_1.png"), Pred: filepath.Join(pred, "1_sal_fuse.png")},
			{Name: "2", GT: filepath.Join(gt, "gt_2.png"), Pred: filepath.Join(pred, "2_sal_fuse.png")},
		},
		// A name without the required affix, or with nothing left after
		// stripping it, is not part of the set.
		Ignored: []string{filepath.Join(gt, "3.png"), filepath.Join(pred, "2.png"), filepath.Join(pred, "_sal_fuse.png")},
	}
	checkPairing(t, got, want)
}

func TestPairFoldersSameFolder(t *testing.T) {
	dir := makeFolder(t, t.TempDir(), "masks", "a.png", "notes.txt")
	got, err := PairFolders(dir, dir, PairOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkPairing(t, got, &Pairing{
		Pairs:   []Pair{{Name: "a", GT: filepath.Join(dir, "a.png"), Pred: filepath.Join(dir, "a.png")}},
		Ignored: []string{filepath.Join(dir, "notes.txt")},
	})
}

func TestPairFoldersMissingFolder(t *testing.T) {
	root := t.TempDir()
	gt := makeFolder(t, root, "gt", "a.png")
	missing := filepath.Join(root, "no-such-folder")

	for _, tt := range []struct{ name, gt, pred, prefix string }{
		{"prediction folder", gt, missing, "list predictions: read folder " + missing},
		{"ground-truth folder", missing, gt, "list ground-truth masks: read folder " + missing},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PairFolders(tt.gt, tt.pred, PairOptions{})
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v is not fs.ErrNotExist", err)
			}
			if want := tt.prefix + ": folder does not exist"; err == nil || err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
		})
	}

	t.Run("file instead of folder", func(t *testing.T) {
		file := filepath.Join(gt, "a.png")
		_, _, err := ListMasks(file, "", "")
		if err == nil || !strings.Contains(err.Error(), "read folder "+file) {
			t.Errorf("error %v does not name the folder", err)
		}
	})
}

func TestListMasksSymlinks(t *testing.T) {
	root := t.TempDir()
	dir := makeFolder(t, root, "masks", "a.png", "inner/")
	if err := os.Symlink(filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "inner"), filepath.Join(dir, "linked.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "gone.png"), filepath.Join(dir, "broken.png")); err != nil {
		t.Fatal(err)
	}

	names, ignored, err := ListMasks(dir, "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"a":      {filepath.Join(dir, "a.png")},
		"b":      {filepath.Join(dir, "b.png")},
		"broken": {filepath.Join(dir, "broken.png")}, // reading it reports the error
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if len(ignored) != 0 {
		t.Errorf("ignored = %v, want none", ignored)
	}
}
