-- include-code.lua - code blocks pulled from marked regions of the sources.
--
--   ```{.c include="solutions/ch01_layers.c" snippet="dense-forward"}
--   ```
--
-- becomes the lines between "//> dense-forward" and "//< dense-forward" in
-- that file, so the book shows the very lines the tests run. The markers of
-- other regions, and the solution markers, are left out. In the student
-- edition (metadata edition: student) a file under solutions/ is read from
-- exercises/ instead, which shows the stubs. A missing file or region, an
-- unclosed region, or a shown line wider than 78 columns stops the build.

local MAX_COLUMNS = 78
local edition = "instructor"

local function fail(message)
  error("include-code: " .. message, 0)
end

local function read_lines(path)
  local file = io.open(path, "r")
  if not file then fail("cannot open " .. path) end
  local lines = {}
  for line in file:lines() do lines[#lines + 1] = line end
  file:close()
  return lines
end

local function is_marker(line)
  return line:match("^//[<>] ") or line:match("^%s*// BEGIN SOLUTION")
      or line:match("^%s*// END SOLUTION") or line:match("^%s*//stub:")
end

local function region(path, name)
  local shown, inside, found = {}, false, false
  for number, line in ipairs(read_lines(path)) do
    if line == "//> " .. name then
      if found then fail(path .. ":" .. number .. ": region '" .. name .. "' twice") end
      inside, found = true, true
    elseif line == "//< " .. name then
      inside = false
    elseif inside and not is_marker(line) then
      if utf8.len(line) > MAX_COLUMNS then
        fail(string.format("%s:%d: line of region '%s' is wider than %d columns",
                           path, number, name, MAX_COLUMNS))
      end
      shown[#shown + 1] = line
    end
  end
  if not found then
    fail(path .. " has no region '" .. name .. "' (mark it with //> " ..
         name .. " ... //< " .. name .. ")")
  end
  if inside then fail(path .. ": region '" .. name .. "' is never closed") end
  return table.concat(shown, "\n")
end

local function source_label(path, name)
  local text = path .. " : " .. name
  if FORMAT:match("latex") then
    return pandoc.RawBlock("latex", "\\listingsource{" ..
      text:gsub("[_#%%&{}$]", "\\%0") .. "}")
  end
  return pandoc.Div({pandoc.Plain({pandoc.Str(text)})},
                    pandoc.Attr("", {"listing-source"}))
end

local function include(block)
  local path, name = block.attributes.include, block.attributes.snippet
  if not path then return nil end
  if not name then fail("a code block includes " .. path .. " without a snippet") end
  if edition == "student" then path = path:gsub("^solutions/", "exercises/") end
  block.text = region(path, name)
  block.attributes.include, block.attributes.snippet = nil, nil
  return {source_label(path, name), block}
end

local function read_edition(meta)
  if meta.edition then edition = pandoc.utils.stringify(meta.edition) end
  if edition ~= "instructor" and edition ~= "student" then
    fail("edition must be instructor or student, not " .. edition)
  end
  local label = edition == "student" and "Student edition" or
                "Instructor edition, with the solutions"
  meta.date = pandoc.MetaInlines({pandoc.Str(label)})
  return meta
end

return {{Meta = read_edition}, {CodeBlock = include}}
