-- tsv.lua - reads the experiments' TSV results for the book's filters
-- (tables.lua, numbers.lua): require("book.tsv") from the kit's top.

local tsv = {}

-- The rows of a TSV file, header first, each a list of its fields as
-- written. A missing or empty file stops the build: the book never shows
-- a number its run did not write.
function tsv.read(path, who)
  local file = io.open(path, "r")
  if not file then
    error(who .. ": cannot open " .. path .. " (has the experiment run?)", 0)
  end
  local rows = {}
  for line in file:lines() do
    local fields = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do
      fields[#fields + 1] = field
    end
    rows[#rows + 1] = fields
  end
  file:close()
  if #rows == 0 then error(who .. ": " .. path .. " is empty", 0) end
  return rows
end

-- The data directory of this build: metadata data-root, which the
-- Makefile sets (build/book/data, or build/quick/book/data).
function tsv.root(meta, default)
  if meta["data-root"] then return pandoc.utils.stringify(meta["data-root"]) end
  return default
end

return tsv
