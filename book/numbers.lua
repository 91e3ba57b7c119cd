-- numbers.lua - the numbers of a run, in the prose, from the run's TSVs,
-- and the claims the prose makes about them, checked on the same data.
--
-- A number:
--
--   at 25% hidden the error fell to
--   [0.0259]{.run file="ch03/history.tsv" row="ratio=0.25; epoch=10" col="test"}
--
-- becomes the cell of that file (under the build's data-root) in column
-- `col` of the one row whose cells match every KEY=VALUE of `row`, the
-- conditions separated by ";" (values compared as numbers when both are;
-- row="last" or "first" for those, row="#3" for the third). Where
-- several rows match, the build stops, unless pick="last" takes the last
-- of them (the last epoch of a run, whatever its length). col="#3" is
-- the third column, for a file whose column names repeat. Blank lines
-- (gnuplot's block separators) are not rows.
-- fmt="%.4f" formats it (the default keeps the text as written; "%,d"
-- or "%,.0f" put commas between thousands, 7,029), and
-- scale="100" multiplies it first (a fraction shown as a percent: with
-- fmt="%.2f%%"). A missing file, column or row, or a row that matches
-- twice, stops the build: the prose cannot quote what its run did not
-- write, and the quick book, the student's and the instructor's each
-- quote their own run.
--
-- value="..." computes the number instead, from an expression over
-- cells (see holds= below): value='100 * cell("m=64", "autoencoder")
-- / cell("m=64", "pca")' with fmt="%.0f%%" gives a ratio as a percent.
--
-- A div ::: {.data file="ch02/sweep.tsv" fmt="%.4f"} gives its file and
-- fmt to every number, claim, .if and .unless inside it that names none,
-- so that a paragraph about one file need not repeat it.
--
-- The text inside the brackets is what the writer saw in the full run,
-- for whoever reads the Markdown. The book built from the solutions'
-- full runs (metadata runs=full, runs-by=solutions) checks it: when the
-- run gives another number, the build stops and names both. Other
-- builds replace it silently. Empty brackets are not checked, nor is a
-- number written with a leading ~, a measurement that differs from
-- machine to machine (a speed: [~45000]{.run file="bench/training.tsv"
-- ...}). A number that begins with - is printed with a minus sign, as in
-- the maths.
--
-- A claim: prose that interprets the data says what it rests on,
--
--   The auto-encoder [beats PCA at every size]{.claim
--   file="ch02/sweep.tsv" all="autoencoder < pca"}.
--
-- The test is a Lua expression over one row's cells, named by their
-- columns (numbers where they are numbers; a name that is not a Lua
-- name is also its letters and digits joined by _, so "held-out loss"
-- is held_out_loss). all= must hold on every
-- row, any= on at least one, none= on none; where="KEY=VALUE; ..."
-- keeps only the rows it matches (the syntax of row above). In a test,
-- prev is the row before among those kept, so all="test < prev.test"
-- says "falls every epoch" (the first row, with no prev, is skipped).
-- holds="..." tests one expression over the whole data instead, where
-- cell("file", "row", "col") is a cell as a number, and cell("row",
-- "col") one of the element's own file:
--   holds='cell("ch03/errors.tsv", "ratio=0.75", "mae") < 0.03'
-- and, for a number of a whole column or matrix, column("file", "col")
-- is a column's numbers as a list, matrix("file") the numbers of a file
-- whose first column names its rows (m[i][j]: row i, the j-th number,
-- so that a square matrix's diagonal is m[i][i]), entries(m, test) the
-- numbers m[i][j] for which the function test(i, j) is true,
-- mean(list), sum(list), count(list, test) (of the numbers, or those
-- test(x, i) is true for), distinct(list) (how many different ones),
-- min(list), max(list), argmax(list) and argmin(list) (the place of the
-- largest or the smallest; argmax(list, i) leaves place i out):
--   value='mean(entries(matrix("ch08/similarities_after.tsv"),
--                       function (i, j) return i == j end))'
-- over("file", "expression") is the list of an expression's values over
-- the rows, each row's cells named as in a claim's test (prev the row
-- before), the rows where it is false or nil left out:
-- mean(over("(fit - target)^2")), min(over("accuracy == 1 and epoch"))
-- (the first epoch at 100%); quantile(list, q) is the number at place
-- floor(q (n - 1)) + 1 of the sorted list (q = 0.01: the 1st percentile).
-- define="..." on an element or a .data div is Lua run first: the
-- names it sets (a function, a table) its expressions can use. A cell
-- written as a percent, 75.18%, is the number 75.18; a negative number
-- is printed with the minus sign of the maths.
-- A claim that does not hold stops the build, naming the row that
-- breaks it. A passage true only of some runs (a short run's curves
-- may still be falling) goes in an .if span or div, kept only when its
-- test holds, with the passage for the other case in an .unless of the
-- same test, so that each build says what its own run shows.

local tsv = require("book.tsv")
local data_root = "build/book/data"
local check_written = false
local runs_by_student = false
local cache = {}

-- A cell's number: 0.25, or 75.18 for a cell written 75.18%; nil for
-- text.
local function number_of(text)
  return tonumber(text) or tonumber((text or ""):match("^(.-)%%$"))
end

local function fail(where, message)
  error("numbers.lua: " .. where .. ": " .. message, 0)
end

local function rows_of(file)
  if not cache[file] then
    local rows = {}
    for _, row in ipairs(tsv.read(data_root .. "/" .. file, "numbers.lua")) do
      if not (#row == 1 and row[1] == "") then rows[#rows + 1] = row end
    end
    cache[file] = rows
  end
  return cache[file]
end

local function column(header, name, where)
  local place = tonumber(name:match("^#(%d+)$"))
  if place then
    if header[place] then return place end
    fail(where, "no column " .. name)
  end
  for i, field in ipairs(header) do
    if field == name then return i end
  end
  fail(where, "no column '" .. name .. "'")
end

local function same(cell, value)
  local a, b = number_of(cell), number_of(value)
  if a and b then return a == b end
  return cell == value
end

-- The KEY=VALUE conditions of a row="..." or where="..." as a test of
-- one row.
local function row_test(header, conditions, where)
  local tests = {}
  for part in (conditions .. ";"):gmatch("([^;]*);") do
    local key, value = part:match("^%s*([^=]-)%s*=%s*(.-)%s*$")
    if key then tests[#tests + 1] = {column(header, key, where), value} end
  end
  if #tests == 0 then fail(where, "'" .. conditions .. "' says nothing") end
  return function (row)
    for _, t in ipairs(tests) do
      if not same(row[t[1]] or "", t[2]) then return false end
    end
    return true
  end
end

-- The one row that every KEY=VALUE condition holds for (with last, the
-- last of those that do).
local function find_row(rows, conditions, last, where)
  if conditions == "last" then return rows[#rows] end
  if conditions == "first" then return rows[2] end
  local place = tonumber(conditions:match("^#(%d+)$"))
  if place then
    if rows[place + 1] then return rows[place + 1] end
    fail(where, "no row " .. conditions)
  end
  local matches = row_test(rows[1], conditions, where)
  local found
  for r = 2, #rows do
    if matches(rows[r]) then
      if found and not last then
        fail(where, "more than one row has " .. conditions ..
                    " (pick=\"last\" takes the last)")
      end
      found = rows[r]
    end
  end
  if not found then fail(where, "no row has " .. conditions) end
  return found
end

-- A number as fmt says; "%,d" (or "%,.1f") also puts a comma between
-- the thousands, 7,029.
local function format(fmt, value)
  if not fmt:find("%,", 1, true) then return string.format(fmt, value) end
  local text = string.format((fmt:gsub("%%,", "%%")), value)
  return (text:gsub("^(%-?)(%d+)", function (sign, digits)
    return sign .. digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  end))
end

-- The text of one cell: file, row and col, formatted by fmt and scale.
local computed_text   -- below: a number from value="..."

local function cell_text(a, where)
  if a.value then return computed_text(a, where) end
  if not (a.file and a.row and a.col) then
    fail(where, "a run number needs file, row and col (or value)")
  end
  local rows = rows_of(a.file)
  local row = find_row(rows, a.row, a.pick == "last", where)
  local text = row[column(rows[1], a.col, where)]
  if not text or text == "" then fail(where, "the cell is empty") end
  if a.scale or a.fmt then
    local value = number_of(text)
    if not value then fail(where, "'" .. text .. "' is not a number") end
    text = format(a.fmt or "%g", value * tonumber(a.scale or "1"))
  end
  return text
end

-- A student's run may lack what the book quotes (a stub writes empty
-- cells, or no file): in their book, what(...) going wrong is reported
-- and replaced by the mark its caller chooses, instead of stopping the
-- build. Anywhere else the error stops it.
local departures = {}   -- what the student's run lacks, or does not bear out

local function in_students_run(what, ...)
  if not runs_by_student then return true, what(...) end
  local ok, result, more = pcall(what, ...)
  if not ok then departures[#departures + 1] = tostring(result) end
  return ok, result, more
end

-- Once, at the end of a student's book: how often their run and the
-- book's part ways, and the first few places.
local function report_departures(doc)
  if #departures == 0 then return nil end
  io.stderr:write(string.format("numbers.lua: %d places where your run " ..
    "and the book's part ways are marked in the book ([not in your run], " ..
    "[not so in your run]); the first:\n", #departures))
  for i = 1, math.min(3, #departures) do
    io.stderr:write("  " .. departures[i]:gsub("^numbers.lua: ", "") .. "\n")
  end
  return nil
end

local function run_number(span)
  local a = span.attributes
  local where = (a.file or "?") .. " " ..
                (a.value or ((a.row or "?") .. " " .. (a.col or "?")))
  local ok, text = in_students_run(cell_text, a, where)
  if not ok then return pandoc.Strong(pandoc.Inlines("[not in your run]")) end
  local written = pandoc.utils.stringify(span.content)
  if check_written and written ~= "" and not written:match("^~") and
     written ~= text then
    fail(where, "the prose says " .. written .. ", the run gives " .. text ..
                " (if the run is right, write " .. text .. ")")
  end
  -- A negative number with the minus sign of the book's maths.
  return pandoc.Str((text:gsub("^%-(%d)", "\u{2212}%1")))
end

-- ---- Claims --------------------------------------------------------------

-- A row as the names a test sees: each column's cell, as a number when
-- it is one.
local function named(header, row)
  local values = {}
  for i, name in ipairs(header) do
    values[name] = number_of(row[i]) or row[i]
    local alias = name:gsub("[^%w]+", "_")
    if values[alias] == nil then values[alias] = values[name] end
  end
  return values
end

local function describe(header, row)
  local parts = {}
  for i, name in ipairs(header) do parts[#parts + 1] = name .. "=" .. (row[i] or "") end
  return table.concat(parts, " ")
end

-- What a test or a define= sees besides its names: math's functions
-- (abs, log, ...), and Lua's for lists and strings; nothing else.
local library = setmetatable({ipairs = ipairs, pairs = pairs, tonumber = tonumber,
                              tostring = tostring, string = string, table = table},
                             {__index = math})

local function compile(expression, names, where)
  local env = setmetatable({}, {__index = function (_, key)
    if names[key] ~= nil then return names[key] end
    return library[key]
  end})
  local chunk, problem = load("return " .. expression, "test", "t", env)
  if not chunk then fail(where, "cannot read the test: " .. problem) end
  return chunk
end

local function evaluate(expression, names, where)
  local ok, result = pcall(compile(expression, names, where))
  if not ok then fail(where, "the test " .. expression .. " failed: " .. result) end
  return result
end

-- Whether a row test (all, any or none) holds over the kept rows of a
-- file; when it does not, also the first row that breaks it.
local function row_claim(a, where)
  local rows = rows_of(a.file)
  local header = rows[1]
  local keep = a.where and row_test(header, a.where, where) or function () return true end
  local quantifier = a.all and "all" or a.any and "any" or "none"
  local expression = a.all or a.any or a.none
  local uses_prev = expression:match("%f[%w_]prev%f[^%w_]") ~= nil
  local previous, any_tested, found = nil, false, nil
  for r = 2, #rows do
    if keep(rows[r]) then
      if previous or not uses_prev then
        local names = named(header, rows[r])
        names.prev = previous and named(header, previous)
        any_tested = true
        local holds = evaluate(expression, names, where)
        if quantifier == "any" and holds then return true end
        if (quantifier == "all" and not holds) or (quantifier == "none" and holds) then
          return false, describe(header, rows[r])
        end
      end
      previous = rows[r]
    end
  end
  if not any_tested then fail(where, "no row to test (where=" .. (a.where or "") .. ")") end
  if quantifier == "any" then return false, "no row has " .. expression end
  return true
end

-- cell(file, row, col), or cell(row, col) of the element's own file.
local function cells_of(a)
  return function (file, row, col)
    if col == nil then file, row, col = a.file, file, row end
    if not file then error("cell(row, col) needs the element's file=", 0) end
    local text = cell_text({file = file, row = row, col = col},
                           file .. " " .. row .. " " .. col)
    return number_of(text) or text
  end
end

-- ---- Whole columns and matrices, for holds= and value= ----------------

local function numbers(list, what)
  if type(list) ~= "table" then error(what .. " needs a list", 0) end
  return list
end

local function sum(list)
  local total = 0
  for _, x in ipairs(numbers(list, "sum")) do total = total + x end
  return total
end

local function extreme(pick)
  return function (x, ...)
    if type(x) ~= "table" then return pick(x, ...) end
    if #x == 0 then error("no numbers", 0) end
    local best = x[1]
    for i = 2, #x do best = pick(best, x[i]) end
    return best
  end
end

-- The place of the number that beats all others by better(x, best),
-- place skip left out (argmax and argmin).
local function greater(x, y) return x > y end
local function less(x, y) return x < y end
local function place_of(list, skip, what, better)
  local best
  for i, x in ipairs(numbers(list, what)) do
    if i ~= skip and (not best or better(x, list[best])) then best = i end
  end
  return best
end

local list_functions = {
  sum = sum,
  mean = function (list)
    if #numbers(list, "mean") == 0 then error("the mean of no numbers", 0) end
    return sum(list) / #list
  end,
  count = function (list, test)
    local n = 0
    for i, x in ipairs(numbers(list, "count")) do
      if test == nil or test(x, i) then n = n + 1 end
    end
    return n
  end,
  min = extreme(math.min),
  max = extreme(math.max),
  distinct = function (list)
    local seen, n = {}, 0
    for _, x in ipairs(numbers(list, "distinct")) do
      if not seen[x] then seen[x], n = true, n + 1 end
    end
    return n
  end,
  argmax = function (list, skip) return place_of(list, skip, "argmax", greater) end,
  argmin = function (list, skip) return place_of(list, skip, "argmin", less) end,
  quantile = function (list, q)
    local sorted = {}
    for i, x in ipairs(numbers(list, "quantile")) do sorted[i] = x end
    if #sorted == 0 then error("the quantile of no numbers", 0) end
    table.sort(sorted)
    return sorted[math.floor(q * (#sorted - 1)) + 1]
  end,
  entries = function (m, test)
    local list = {}
    for i, row in ipairs(numbers(m, "entries")) do
      for j, x in ipairs(row) do
        if test(i, j) then list[#list + 1] = x end
      end
    end
    return list
  end,
}

-- The names a holds= or value= expression sees: cell, column, matrix and
-- the list functions above.
local function helpers_of(a)
  local function file_of(file)
    file = file or a.file
    if not file then error("a file is needed (the element's file= or an argument)", 0) end
    return file
  end
  local helpers = {cell = cells_of(a)}
  for name, f in pairs(list_functions) do helpers[name] = f end
  helpers.column = function (file, col)
    if col == nil then file, col = nil, file end
    file = file_of(file)
    local rows = rows_of(file)
    local c = column(rows[1], col, file .. " " .. col)
    local list = {}
    for r = 2, #rows do
      list[#list + 1] = number_of(rows[r][c]) or error(file .. ": '" ..
        (rows[r][c] or "") .. "' in column " .. col .. " is not a number", 0)
    end
    return list
  end
  helpers.matrix = function (file)
    file = file_of(file)
    local rows, m = rows_of(file), {}
    for r = 2, #rows do
      local row = {}
      for j = 2, #rows[r] do
        row[j - 1] = number_of(rows[r][j]) or error(file .. ": '" .. rows[r][j] ..
          "' in row " .. (r - 1) .. " is not a number", 0)
      end
      m[r - 1] = row
    end
    return m
  end
  helpers.over = function (file, expression)
    if expression == nil then file, expression = nil, file end
    file = file_of(file)
    local rows, list, previous = rows_of(file), {}, nil
    local uses_prev = expression:match("%f[%w_]prev%f[^%w_]") ~= nil
    -- Compiled once, over the names of the row at hand.
    local names = {}
    local test = compile(expression, setmetatable({}, {__index =
      function (_, key) return names[key] end}), file .. " " .. expression)
    for r = 2, #rows do
      if previous or not uses_prev then
        names = named(rows[1], rows[r])
        names.prev = previous and named(rows[1], previous)
        local ok, x = pcall(test)
        if not ok then error(expression .. " failed on row " .. (r - 1) .. ": " .. x, 0) end
        if x ~= nil and x ~= false then list[#list + 1] = x end
      end
      previous = rows[r]
    end
    return list
  end
  if a.define then
    -- define="..." is Lua run first: the names it sets join the helpers.
    local env = setmetatable(helpers, {__index = library})
    local chunk, problem = load(a.define, "define", "t", env)
    if not chunk then error("numbers.lua: cannot read define=: " .. problem, 0) end
    local ok, why = pcall(chunk)
    if not ok then error("numbers.lua: define= failed: " .. why, 0) end
  end
  return helpers
end

computed_text = function (a, where)
  local value = evaluate(a.value, helpers_of(a), where)
  if type(value) ~= "number" then fail(where, a.value .. " is not a number") end
  return format(a.fmt or "%g", value * tonumber(a.scale or "1"))
end

-- Whether the test of a claim, .if or .unless holds, and if not, why.
local function test_holds(a, where)
  if a.holds then
    return evaluate(a.holds, helpers_of(a), where) and true or false,
           "it does not"
  end
  if not a.file or not (a.all or a.any or a.none) then
    fail(where, "a claim needs holds=, or file= and one of all=, any=, none=")
  end
  return row_claim(a, where)
end

local function claim_where(element)
  local a = element.attributes
  local text = pandoc.utils.stringify(element.content)
  if #text > 50 then text = text:sub(1, 47) .. "..." end
  local test = a.holds or ((a.all and "all " .. a.all) or (a.any and "any " .. a.any)
                           or (a.none and "none " .. a.none) or "?")
  return "'" .. text .. "' (" .. (a.file and a.file .. ", " or "") .. test ..
         (a.where and ", where " .. a.where or "") .. ")"
end

-- .if / .unless: the content or nothing, by the test.
local function conditional(element)
  local keep_if = element.classes:includes("if")
  if not (keep_if or element.classes:includes("unless")) then return nil end
  local ok, holds = in_students_run(test_holds, element.attributes,
                                    claim_where(element))
  if ok and holds == keep_if then return element.content end
  return {}
end

-- .claim: the content, once its test holds. In a book of the student's
-- own runs, a claim their run does not bear out stays, marked as such
-- (the place where their run and the book's part ways), and the build
-- goes on.
local function claim(element)
  local where = claim_where(element)
  local ok, holds, why = in_students_run(test_holds, element.attributes, where)
  if (not ok or not holds) and runs_by_student then
    if ok then departures[#departures + 1] = "not so in your run: " .. where end
    local marked = element.content:clone()
    marked:insert(pandoc.Space())
    marked:insert(pandoc.Strong(pandoc.Inlines("[not so in your run]")))
    return marked
  end
  if not holds then
    fail(where, "the claim does not hold on " .. data_root .. ": " .. why ..
                ". Rewrite the prose to say what the data shows, or put it in an" ..
                " .if/.unless pair if it holds for some runs only")
  end
  return element.content
end

local function span(element)
  if element.classes:includes("run") then return run_number(element) end
  if element.classes:includes("claim") then return claim(element) end
  return nil
end

-- ::: {.data file=... fmt=...}: its attributes to the elements inside
-- that lack them; the div itself leaves no trace.
local function data_defaults(div)
  if not div.classes:includes("data") then return nil end
  local defaults = div.attributes
  local function inherit(element)
    for _, key in ipairs({"file", "fmt", "scale", "define"}) do
      if defaults[key] and not element.attributes[key] then
        element.attributes[key] = defaults[key]
      end
    end
    return element
  end
  return div.content:walk({Span = inherit, Div = inherit})
end

local function read_meta(meta)
  data_root = tsv.root(meta, data_root)
  local function said(key) return meta[key] and pandoc.utils.stringify(meta[key]) end
  check_written = said("runs") == "full" and said("runs-by") == "solutions"
  runs_by_student = said("runs-by") == "student"
end

-- In this order: the .data defaults, then the passages whose test fails
-- go (their numbers and claims are not this run's), then the rest.
return {{Meta = read_meta}, {Div = data_defaults},
        {Div = conditional, Span = conditional}, {Span = span},
        {Pandoc = report_departures}}
