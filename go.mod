module github.com/lococode/lococode

go 1.26
