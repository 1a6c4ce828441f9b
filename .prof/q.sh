#!/bin/bash
# usage: q.sh file.sql  (R substituted)
R=11
sed "s/\$R/$R/g" "$1" | psql -q postgres://postgres@127.0.0.1:5432/test -v ON_ERROR_STOP=1
