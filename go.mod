module github.com/specls/specls

go 1.26.8
