# The pushsim image: a static binary on an empty base. Build the binary
# first (make image does both):
#   CGO_ENABLED=0 go build -o bin/pushsim ./cmd/pushsim
#   docker build -t pushsim/pushsim:latest -f Dockerfile bin/
FROM scratch
COPY pushsim /pushsim
EXPOSE 4780
ENTRYPOINT ["/pushsim", "serve"]
CMD ["--listen", "0.0.0.0:4780"]
