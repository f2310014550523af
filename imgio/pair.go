package imgio

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// imageExtensions are the file name extensions ListMasks treats as images,
// compared in lower case. The content decides the format when decoding.
var imageExtensions = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".bmp": true,
	".tif": true, ".tiff": true, ".webp": true,
}

// PairOptions sets the name parts stripped before matching files.
type PairOptions struct {
	// PredPrefix and PredSuffix are stripped from prediction base names
	// (without extension) before matching, e.g. suffix "_sal_fuse".
	PredPrefix, PredSuffix string
	// GTPrefix and GTSuffix are stripped from ground-truth base names.
	GTPrefix, GTSuffix string
}

// Pair is a ground-truth file and the prediction with the same name.
type Pair struct {
	Name     string // matched name without extension
	GT, Pred string // full paths
}

// Ambiguous is a name that matches two or more files in one folder.
type Ambiguous struct {
	Name  string
	Files []string // full paths, sorted
}

// Pairing is the outcome of matching a ground-truth folder with a
// prediction folder. Ground-truth names define the evaluation set.
type Pairing struct {
	Pairs   []Pair   // sorted by Name (byte order): the evaluation order
	Missing []string // ground-truth names without prediction, sorted
	Extra   []string // prediction file paths without ground truth, sorted
	// GTAmbiguous and PredAmbiguous list names that match two or more files
	// (e.g. a.png and a.jpg) in that folder. Such names are left out of Pairs.
	// An ambiguous ground-truth name is not listed as Missing, and a
	// prediction name is reported as ambiguous only when it is a
	// ground-truth name: otherwise all its files are Extra.
	GTAmbiguous, PredAmbiguous []Ambiguous
	// Ignored lists files of either folder skipped because their extension
	// is not an image extension read here (e.g. README.txt), or because
	// their name lacks the configured prefix or suffix, sorted. Hidden files
	// (leading '.') and subfolders are skipped without being listed.
	Ignored []string
}

// ListMasks lists the image files of dir keyed by name: the base name
// without extension, with prefix and suffix stripped. A file whose name lacks
// a non-empty prefix or suffix, or whose name would become empty, goes to
// ignored with the files of other extensions. Each slice of paths is sorted.
func ListMasks(dir, prefix, suffix string) (names map[string][]string, ignored []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("read folder %s: %w", dir, errFolderNotExist{})
		}
		return nil, nil, fmt.Errorf("read folder %s: %w", dir, unwrapPathError(err))
	}

	names = make(map[string][]string)
	for _, e := range entries {
		fileName := e.Name()
		if strings.HasPrefix(fileName, ".") {
			continue
		}
		path := filepath.Join(dir, fileName)
		isDir, err := isFolder(path, e)
		if err != nil {
			return nil, nil, fmt.Errorf("read folder %s: %w", dir, unwrapPathError(err))
		}
		if isDir {
			continue
		}

		ext := filepath.Ext(fileName)
		if !imageExtensions[strings.ToLower(ext)] {
			ignored = append(ignored, path)
			continue
		}
		name, ok := stripAffixes(strings.TrimSuffix(fileName, ext), prefix, suffix)
		if !ok {
			ignored = append(ignored, path)
			continue
		}
		names[name] = append(names[name], path)
	}

	for _, paths := range names {
		slices.Sort(paths)
	}
	slices.Sort(ignored)
	return names, ignored, nil
}

// errFolderNotExist is a missing folder; it matches fs.ErrNotExist.
type errFolderNotExist struct{}

func (errFolderNotExist) Error() string { return "folder does not exist" }

func (errFolderNotExist) Is(target error) bool { return target == fs.ErrNotExist }

// isFolder reports whether a directory entry is a folder, following symbolic
// links. A broken link counts as a file, so that reading it reports the error.
func isFolder(path string, e fs.DirEntry) (bool, error) {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir(), nil
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return info.IsDir(), nil
}

// stripAffixes removes prefix and suffix from name. It reports false when
// name lacks one of them or nothing would remain.
func stripAffixes(name, prefix, suffix string) (string, bool) {
	stripped, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return "", false
	}
	stripped, ok = strings.CutSuffix(stripped, suffix)
	if !ok || stripped == "" {
		return "", false
	}
	return stripped, true
}

// PairFolders matches the masks of gtDir with those of predDir by name. It
// returns an error only when a folder cannot be read.
func PairFolders(gtDir, predDir string, opt PairOptions) (*Pairing, error) {
	gt, gtIgnored, err := ListMasks(gtDir, opt.GTPrefix, opt.GTSuffix)
	if err != nil {
		return nil, fmt.Errorf("list ground-truth masks: %w", err)
	}
	pred, predIgnored, err := ListMasks(predDir, opt.PredPrefix, opt.PredSuffix)
	if err != nil {
		return nil, fmt.Errorf("list predictions: %w", err)
	}

	p := &Pairing{}
	for _, name := range sortedKeys(gt) {
		gtFiles, predFiles := gt[name], pred[name]
		ambiguous := false
		if len(gtFiles) > 1 {
			p.GTAmbiguous = append(p.GTAmbiguous, Ambiguous{Name: name, Files: gtFiles})
			ambiguous = true
		}
		if len(predFiles) > 1 {
			p.PredAmbiguous = append(p.PredAmbiguous, Ambiguous{Name: name, Files: predFiles})
			ambiguous = true
		}
		switch {
		case ambiguous:
		case len(predFiles) == 0:
			p.Missing = append(p.Missing, name)
		default:
			p.Pairs = append(p.Pairs, Pair{Name: name, GT: gtFiles[0], Pred: predFiles[0]})
		}
	}
	for name, files := range pred {
		if _, ok := gt[name]; !ok {
			p.Extra = append(p.Extra, files...)
		}
	}
	slices.Sort(p.Extra)
	// Compact drops duplicates when both arguments name the same folder.
	p.Ignored = append(gtIgnored, predIgnored...)
	slices.Sort(p.Ignored)
	p.Ignored = slices.Compact(p.Ignored)
	return p, nil
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
