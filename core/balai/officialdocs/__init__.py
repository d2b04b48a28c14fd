"""Official documents (naskah dinas): the letterhead, signature blocks, numbering for the whole
agency, PDFs rendered from templates the agency can change, and their public verification."""
