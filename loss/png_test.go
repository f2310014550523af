package loss

import "github.com/birefloss/birefloss/imgio"

// readGray decodes a mask with the project's reader, which reproduces
// OpenCV's IMREAD_GRAYSCALE, the reader the reference values were computed
// with. Reading through imgio makes the reference tests cover decoding too.
func readGray(path string) (levels []uint8, width, height int, err error) {
	m, _, err := imgio.Read(path, imgio.ReadOptions{})
	if err != nil {
		return nil, 0, 0, err
	}
	return m.Pix, m.Width, m.Height, nil
}
