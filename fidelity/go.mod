module github.com/salesforce-login-check/salesforce-login-check/fidelity

go 1.26.0

require (
	github.com/k-capehart/go-salesforce/v3 v3.1.0
	github.com/simpleforce/simpleforce v0.0.0-20220429021116-acf4ac67ef68
)

require (
	github.com/forcedotcom/go-soql v0.0.0-20240507183026-011ceab61b9e // indirect
	github.com/go-viper/mapstructure/v2 v2.5.0 // indirect
	github.com/golang-jwt/jwt/v5 v5.3.0 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/jszwec/csvutil v1.10.0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	github.com/spf13/afero v1.15.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/text v0.32.0 // indirect
)
