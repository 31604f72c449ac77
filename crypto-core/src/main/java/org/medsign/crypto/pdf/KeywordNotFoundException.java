package org.medsign.crypto.pdf;

import org.medsign.crypto.MedsignCryptoException;

/** Keyword placement (关键字定位): the keyword occurs nowhere in the text PDFBox extracts from the document. */
public class KeywordNotFoundException extends MedsignCryptoException {

    private final String keyword;

    public KeywordNotFoundException(String keyword) {
        super("keyword not found in the PDF text: \"" + keyword + "\"");
        this.keyword = keyword;
    }

    /** The keyword searched for. */
    public String keyword() {
        return keyword;
    }
}
