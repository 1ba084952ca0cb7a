" Files ending in .specl are Specl specifications.
autocmd BufRead,BufNewFile *.specl setfiletype specl
