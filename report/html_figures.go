package report

// distributionFigures draws the plots of distributionSpecs inline.
func distributionFigures(run *Run) []figure {
	return renderFigures(distributionSpecs(run))
}

// sortedFigure draws the plot of sortedSpec inline. It also returns the
// figure's note, which the page shows above the figure, and the ranking
// key, which the page needs even when there is no figure.
func sortedFigure(run *Run) (*figure, string, string) {
	key, _, _, _ := rankingKey(run)
	spec, ok := sortedSpec(run)
	if !ok {
		return nil, "", key
	}
	f := renderFigure(spec)
	note := f.Note
	f.Note = ""
	return &f, note, key
}

// curveFigures draws the plots of curveSpecs inline.
func curveFigures(run *Run) []figure {
	return renderFigures(curveSpecs(run))
}

func renderFigures(specs []figureSpec) []figure {
	var figures []figure
	for _, spec := range specs {
		figures = append(figures, renderFigure(spec))
	}
	return figures
}

// renderFigure builds spec and draws it as inline SVG at its report size.
// A plot that fails to build or draw leaves its error message in place of
// the SVG.
func renderFigure(spec figureSpec) figure {
	f := figure{Title: spec.title}
	p, logScale, err := spec.build()
	if err == nil {
		f.SVG, err = renderSVG(p, spec.width, spec.height, spec.title)
	}
	if err != nil {
		f.Error = err.Error()
	}
	if spec.caption != nil {
		f.Note = spec.caption(logScale)
	}
	return f
}
