package org.medsign.crypto.pdf;

import org.medsign.crypto.MedsignCryptoException;

/** Page placement: the 1-based page number is not a page of the document. */
public class PageOutOfRangeException extends MedsignCryptoException {

    private final int page;
    private final int pageCount;

    public PageOutOfRangeException(int page, int pageCount) {
        super("page " + page + " is out of range: the document has " + pageCount + " page(s)");
        this.page = page;
        this.pageCount = pageCount;
    }

    /** The page asked for (1-based). */
    public int page() {
        return page;
    }

    /** The number of pages of the document. */
    public int pageCount() {
        return pageCount;
    }
}
