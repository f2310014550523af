module github.com/birefloss/birefloss

go 1.26.0
