package metric

import "github.com/birefloss/birefloss/imgio"

// readGreyPNG decodes a mask with the project's reader, which reproduces
// cv2.imread(path, IMREAD_GRAYSCALE) as PySODEvalToolkit uses it for the
// reference values. Reading through imgio makes the reference tests cover
// decoding too.
func readGreyPNG(path string) (pix []uint8, width, height int, err error) {
	m, _, err := imgio.Read(path, imgio.ReadOptions{})
	if err != nil {
		return nil, 0, 0, err
	}
	return m.Pix, m.Width, m.Height, nil
}
