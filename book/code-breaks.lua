-- code-breaks.lua - long inline code may break after / and _ (PDF only).
--
-- TeX never breaks inside `src/core/learn/gradcheck.c` or
-- `softmax_xent_finite_differences`: such a name near the end of a line
-- either sticks out into the margin (an overfull box) or leaves a line
-- spaced out to the margin. In LaTeX, each Code inline gets a break
-- point (\codebreak, book/header.tex: no hyphen, the cost of a
-- hyphenation) after every / and _ with at least three characters on
-- either side. Headings are left whole (their text is also the PDF's
-- bookmarks). HTML reflows by itself and is not touched.

local MIN_SIDE = 3

local function mark_heading(header)
  return pandoc.walk_block(header, {Code = function (code)
    code.attributes["code-breaks"] = "no"
    return code
  end})
end

local function split(code)
  if code.attributes["code-breaks"] == "no" then
    code.attributes["code-breaks"] = nil
    return code
  end
  local text, pieces, start = code.text, {}, 1
  for i = MIN_SIDE, #text - MIN_SIDE do
    local c = text:sub(i, i)
    if c == "/" or c == "_" then
      pieces[#pieces + 1] = pandoc.Code(text:sub(start, i), code.attr)
      pieces[#pieces + 1] = pandoc.RawInline("latex", "\\codebreak{}")
      start = i + 1
    end
  end
  if start == 1 then return nil end
  pieces[#pieces + 1] = pandoc.Code(text:sub(start), code.attr)
  return pieces
end

if not FORMAT:match("latex") then return {} end
return {{Header = mark_heading}, {Code = split}}
